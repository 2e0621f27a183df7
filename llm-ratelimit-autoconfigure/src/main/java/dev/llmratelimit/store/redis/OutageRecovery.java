package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.Ticket;

/**
 * What one model's failover budget owes Redis because of an outage, and handing it back
 * once Redis answers again: the spending of the fallback and the concurrency slots of its
 * calls still running, this instance's report of the outage, then the settlements,
 * cancellations and releases that could not reach Redis ({@link RedisReplay}). It also
 * seeds a Redis that lost the budget without this instance seeing an outage.
 * Thread-safe: what is owed is kept in structures safe for concurrent use, and recovery
 * runs on the store's scheduler (or while closing).
 */
final class OutageRecovery {

	private final RedisBudget redis;

	private final RedisAvailability availability;

	private final KnownSharedLevel shared;

	private final Fallbacks fallbacks;

	private final int instances;

	private final Duration presumption;

	/** Gives back in Redis the slots it held for a call of the fallback that ended. */
	private final BiConsumer<String, Double> giveBackSlots;

	private final RedisReplay replay = new RedisReplay();

	private final FallbackSpending spending = new FallbackSpending();

	private final FallbackSlots slots = new FallbackSlots();

	/** The number of the last outage this budget reported to Redis. */
	private volatile long reportedOutage;

	/**
	 * Creates the recovery of one budget, owing nothing yet.
	 * @param redis the budget in Redis
	 * @param availability whether Redis can be reached, and the number of its outages
	 * @param shared what this instance knows of the shared level
	 * @param fallbacks the budget's fallbacks
	 * @param instances how many instances share the budget (1 when the fallback is not a
	 * share of it)
	 * @param presumption how long the first instance back presumes the others' spending
	 * @param giveBackSlots gives back in Redis the slots held for a fallback call that
	 * ended, by the id of its fallback lease
	 */
	OutageRecovery(RedisBudget redis, RedisAvailability availability, KnownSharedLevel shared, Fallbacks fallbacks,
			int instances, Duration presumption, BiConsumer<String, Double> giveBackSlots) {
		this.redis = redis;
		this.availability = availability;
		this.shared = shared;
		this.fallbacks = fallbacks;
		this.instances = instances;
		this.presumption = presumption;
		this.giveBackSlots = giveBackSlots;
		// a budget made during an outage reports it too
		this.reportedOutage = availability.outages() - (availability.isAvailable() ? 0 : 1);
	}

	/** An acquisition whose reply never arrived: released in Redis once it answers. */
	void unanswered(String requestId, Cost cost) {
		this.replay.unanswered(requestId, cost);
	}

	/** A Redis ticket whose waiter left (or moved to the fallback): cancelled once Redis answers. */
	void abandoned(Ticket ticket) {
		this.replay.abandoned(ticket);
	}

	/**
	 * A settlement Redis did not get (or may not have): replayed once it answers, its
	 * refund given to the fallback meanwhile.
	 */
	void notSent(RedisReplay.Settlement settlement) {
		this.replay.settlement(settlement);
		this.fallbacks.refund(FallbackSpending.difference(settlement.lease().cost(), settlement.actual()));
	}

	/**
	 * What calls of the fallback spent (negative amounts give back), charged to Redis.
	 * @param amounts per meter, in {@link Meter} ordinal order
	 */
	void spent(double[] amounts) {
		this.spending.add(amounts);
	}

	/**
	 * A call of the fallback started, holding concurrency slots.
	 * @param fallbackLease the id of its lease
	 * @param slots the slots it holds
	 */
	void slotsStarted(String fallbackLease, double slots) {
		this.slots.started(fallbackLease, slots);
	}

	/**
	 * A call of the fallback ended.
	 * @param fallbackLease the id of its lease
	 * @return the slots Redis holds for it, to be given back there, or 0
	 */
	double slotsEnded(String fallbackLease) {
		return this.slots.ended(fallbackLease);
	}

	/** Whether something waits to be replayed in Redis. */
	boolean hasPendingWork() {
		return !this.spending.isEmpty() || !this.replay.isEmpty() || this.slots.hasUnreported()
				|| this.availability.outages() != this.reportedOutage;
	}

	/**
	 * Reads the shared state, so that a fallback built later starts from it. When Redis
	 * lost the budget without this instance seeing an outage (restarted within a command
	 * timeout), the budget it holds started full: this instance brings it down to the
	 * level it last read, less its own grants since (the first instance
	 * to report does; the others' reports change nothing).
	 */
	void refreshSharedState() {
		if (this.availability.isAvailable()) {
			this.shared.read(this.redis::read);
			if (this.shared.isLost() && this.availability.outages() == this.reportedOutage) {
				KnownSharedLevel.Estimate estimate = this.shared.estimate();
				this.redis.reportOutage(new double[Meter.values().length], 0, this.presumption, Map.of(),
						this.shared.generation(), estimate.remainder(new double[Meter.values().length]));
				this.shared.lossReported();
			}
		}
	}

	/**
	 * Replays, once Redis answers again, what could not reach it: first the spending of the
	 * fallback (before anything new is admitted) and the slots of its calls still running,
	 * then settlements of Redis leases, then cancellations of tickets whose waiters left
	 * (refunding a lease granted to them in the meantime) and releases of acquisitions
	 * whose reply never arrived. The fallback is retired: its waiters move back to Redis
	 * when they next look. The first replay after an outage is this instance's report of
	 * it, sent even if it spent nothing; later ones are plain charges.
	 */
	void recover() {
		long outage = this.availability.outages();
		boolean report = outage != this.reportedOutage;
		double[] spent = this.spending.drain();
		Map<String, Double> running = this.slots.report();
		try {
			if (report || !running.isEmpty() || !FallbackSpending.isZero(spent)) {
				Map<String, Double> held = new HashMap<>();
				running.forEach((lease, slots) -> held.put(this.redis.slotLeaseId(lease), slots));
				this.redis.reportOutage(spent, report ? this.instances : 0, this.presumption, held,
						report ? this.shared.generation() : "", report ? remainder(spent) : null);
			}
		}
		catch (RuntimeException ex) {
			this.spending.add(spent);
			this.slots.notReported();
			throw ex;
		}
		this.reportedOutage = outage;
		if (report) {
			this.shared.lossReported();
		}
		this.slots.reported().forEach(this.giveBackSlots);
		if (this.availability.isAvailable()) {
			// new calls go to Redis now: what the fallback still admits is charged next time
			this.fallbacks.retire();
		}
		this.replay.replay(this.redis);
	}

	/**
	 * What this instance can tell is left of the shared level after an outage: its
	 * fallback's level when that is its share, else the level it last read, less its grants
	 * and what it spent on its own.
	 */
	private double[] remainder(double[] spent) {
		double[] remainder = new double[Meter.values().length];
		Fallback current = this.fallbacks.current();
		if (current == null) {
			KnownSharedLevel.Estimate estimate = this.shared.estimate();
			if (estimate == null) {
				return remainder;
			}
			// no call needed the fallback: the share it would have had is still left
			current = this.fallbacks.currentOrNew();
		}
		if (current.budget() instanceof InstanceShare share) {
			share.state().meters().forEach((meter, state) -> remainder[meter.ordinal()] = Math.max(0, state.available()));
			return remainder;
		}
		KnownSharedLevel.Estimate estimate = this.shared.estimate();
		return (estimate != null) ? estimate.remainder(spent) : remainder;
	}

}
