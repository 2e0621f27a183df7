package dev.llmratelimit.store.redis;

import java.util.List;
import java.util.Optional;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.Ticket;

import org.springframework.dao.DataAccessException;

/**
 * Admits the calls of one model's failover budget: on Redis while it answers, else on the
 * fallback of the outage. Each waiting call keeps one place ({@link WaitingPlaces}): in
 * the Redis queue, or in the fallback while Redis is down. A Redis waiter moves to the
 * fallback when Redis fails under it, and back to Redis once it answers again, each time
 * with what is left of its wait. A grant of the fallback is named so that it is settled
 * there, its cost charged to Redis on recovery; a grant of Redis is counted against the
 * shared level last read. Thread-safe: the places are a concurrent map, and each waiter
 * polls its own ticket.
 */
final class FailoverAdmissions {

	private final RedisBudget redis;

	private final RedisAvailability availability;

	private final TimeSource time;

	private final KnownSharedLevel shared;

	private final Fallbacks fallbacks;

	private final OutageRecovery recovery;

	/** The place of each call of this instance waiting for budget, by the ticket it was given. */
	private final WaitingPlaces places = new WaitingPlaces();

	FailoverAdmissions(RedisBudget redis, RedisAvailability availability, TimeSource time, KnownSharedLevel shared,
			Fallbacks fallbacks, OutageRecovery recovery) {
		this.redis = redis;
		this.availability = availability;
		this.time = time;
		this.shared = shared;
		this.fallbacks = fallbacks;
		this.recovery = recovery;
	}

	/**
	 * Admits a call on Redis while it answers, else on the fallback (see
	 * {@link Budget#acquire(Cost, long, Claimant)}).
	 */
	Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		long deadline = deadline(maxWaitNanos);
		if (this.availability.isAvailable()) {
			String requestId = this.redis.newRequestId();
			try {
				Admission admission = this.redis.acquire(cost, maxWaitNanos, requestId, claimant);
				if (admission.status() == Admission.Status.QUEUED) {
					this.places.put(admission.ticket().id(),
							WaitingPlace.inRedis(admission.ticket(), deadline, claimant));
				}
				return grantedByRedis(admission);
			}
			catch (DataAccessException ex) {
				// Redis may have run it (or run it later, when the client sends it again)
				this.recovery.unanswered(requestId, cost);
				this.availability.callFailed(ex);
			}
		}
		Fallback fallback = this.fallbacks.currentOrNew();
		Admission admission = fallback.budget().acquire(cost, maxWaitNanos, claimant);
		return switch (admission.status()) {
			case GRANTED -> granted(fallback, admission.lease());
			case QUEUED -> {
				Ticket ticket = new Ticket(fallback.prefix() + admission.ticket().id(), cost);
				this.places.put(ticket.id(), WaitingPlace.inFallback(admission.ticket(), deadline, fallback, claimant));
				yield admission.queuedAs(ticket);
			}
			default -> admission;
		};
	}

	/**
	 * Reports on a waiting call wherever its place is, moving it between Redis and the
	 * fallback as Redis fails or comes back (see {@link Budget#poll(Ticket)}).
	 */
	Admission poll(Ticket ticket) {
		WaitingPlace place = this.places.get(ticket.id());
		if (place == null) {
			if (Fallbacks.isFallback(ticket.id())) {
				throw new IllegalStateException("Unknown or already settled ticket " + ticket.id());
			}
			return pollUnplaced(ticket);
		}
		if (place.fallback() != null) {
			return this.availability.isAvailable() ? moveToRedis(ticket, place) : pollFallback(ticket, place);
		}
		if (this.availability.isAvailable()) {
			try {
				return answer(ticket, this.redis.poll(place.ticket(), place.claimant()));
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		return moveToFallback(ticket, place);
	}

	/**
	 * Gives up a waiting call's place; a Redis ticket that cannot be cancelled now is
	 * cancelled once Redis answers (see {@link Budget#cancel(Ticket)}).
	 */
	Optional<Lease> cancel(Ticket ticket) {
		WaitingPlace removed = this.places.remove(ticket.id());
		if (removed == null && Fallbacks.isFallback(ticket.id())) {
			return Optional.empty();
		}
		// Redis answers a cancel sent again as it answered the first
		WaitingPlace place = (removed != null) ? removed : WaitingPlace.inRedis(ticket, 0, Claimant.NORMAL);
		if (place.fallback() != null) {
			return place.fallback().budget().cancel(place.ticket()).map((lease) -> spent(place.fallback(), lease));
		}
		if (this.availability.isAvailable()) {
			try {
				return this.redis.cancel(place.ticket());
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		this.recovery.abandoned(place.ticket());
		return Optional.empty();
	}

	/** Whether calls of this instance wait in the Redis queue. */
	boolean hasWaitersInRedis() {
		return this.places.anyInRedis();
	}

	/**
	 * The Redis tickets of the calls still waiting there, for the heartbeat to keep (see
	 * {@link WaitingPlaces#redisTicketsStillWaiting}).
	 * @return the ids of the Redis tickets
	 */
	List<String> redisTicketsStillWaiting() {
		return this.places.redisTicketsStillWaiting(this.time.nanoTime());
	}

	private Admission pollUnplaced(Ticket ticket) {
		if (this.availability.isAvailable()) {
			try {
				return this.redis.poll(ticket);
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		return moveToFallback(ticket, WaitingPlace.inRedis(ticket, this.time.nanoTime(), Claimant.NORMAL));
	}

	/** What Redis answered for a waiter, reported under the waiter's own ticket. */
	private Admission answer(Ticket waiter, Admission admission) {
		if (admission.status() == Admission.Status.QUEUED) {
			return admission.queuedAs(waiter);
		}
		this.places.remove(waiter.id());
		return grantedByRedis(admission);
	}

	/** Counts a Redis grant against the last shared state, so that a fallback built now starts below it. */
	private Admission grantedByRedis(Admission admission) {
		if (admission.status() == Admission.Status.GRANTED) {
			this.shared.granted(admission.lease().cost());
		}
		return admission;
	}

	private Admission pollFallback(Ticket waiter, WaitingPlace place) {
		Admission admission = place.fallback().budget().poll(place.ticket());
		return switch (admission.status()) {
			case GRANTED -> {
				this.places.remove(waiter.id());
				yield granted(place.fallback(), admission.lease());
			}
			case QUEUED -> admission.queuedAs(waiter);
			default -> {
				this.places.remove(waiter.id());
				yield admission;
			}
		};
	}

	/** Redis failed under a waiter: it waits in the fallback, with what is left of its wait. */
	private Admission moveToFallback(Ticket waiter, WaitingPlace place) {
		this.recovery.abandoned(place.ticket());
		Fallback fallback = this.fallbacks.currentOrNew();
		Admission admission;
		try {
			admission = fallback.budget().acquire(waiter.cost(), remaining(place), place.claimant());
		}
		catch (RuntimeException ex) {
			this.places.remove(waiter.id());
			throw ex;
		}
		return switch (admission.status()) {
			case GRANTED -> {
				this.places.remove(waiter.id());
				yield granted(fallback, admission.lease());
			}
			case QUEUED -> {
				this.places.put(waiter.id(),
						WaitingPlace.inFallback(admission.ticket(), place.deadline(), fallback, place.claimant()));
				yield admission.queuedAs(waiter);
			}
			// still this instance's waiter: it asks again at its estimate, and gives up at its deadline
			case REJECTED -> Admission.queued(waiter, admission.meter(), admission.waitNanos());
			case TOO_LARGE -> {
				this.places.remove(waiter.id());
				yield admission;
			}
		};
	}

	/** Redis is back under a waiter of the fallback: it queues in Redis again. */
	private Admission moveToRedis(Ticket waiter, WaitingPlace place) {
		Admission admission;
		String requestId = this.redis.newRequestId();
		try {
			admission = this.redis.acquire(waiter.cost(), remaining(place), requestId, place.claimant());
		}
		catch (DataAccessException ex) {
			this.recovery.unanswered(requestId, waiter.cost());
			this.availability.callFailed(ex);
			return pollFallback(waiter, place);
		}
		place.fallback().budget().cancel(place.ticket())
			.ifPresent((lease) -> place.fallback().budget().settle(lease, Cost.ZERO));
		return switch (admission.status()) {
			case GRANTED, TOO_LARGE -> {
				this.places.remove(waiter.id());
				yield grantedByRedis(admission);
			}
			case QUEUED -> {
				this.places.put(waiter.id(),
						WaitingPlace.inRedis(admission.ticket(), place.deadline(), place.claimant()));
				yield admission.queuedAs(waiter);
			}
			case REJECTED -> {
				this.places.put(waiter.id(), WaitingPlace.inRedis(waiter, place.deadline(), place.claimant()));
				yield Admission.queued(waiter, admission.meter(), admission.waitNanos());
			}
		};
	}

	/** A lease of the fallback, named so that it is settled there, its cost to be charged to Redis. */
	private Admission granted(Fallback fallback, Lease lease) {
		return Admission.granted(spent(fallback, lease));
	}

	private Lease spent(Fallback fallback, Lease lease) {
		this.recovery.spent(FallbackSpending.difference(lease.cost(), Cost.ZERO));
		Lease spent = new Lease(fallback.prefix() + lease.id(), lease.cost());
		this.recovery.slotsStarted(spent.id(), lease.cost().amount(Meter.CONCURRENT_REQUESTS));
		return spent;
	}

	private long remaining(WaitingPlace place) {
		return Math.max(0, place.deadline() - this.time.nanoTime());
	}

	private long deadline(long maxWaitNanos) {
		long now = this.time.nanoTime();
		long deadline = now + Math.max(0, maxWaitNanos);
		return (deadline - now < 0) ? Long.MAX_VALUE : deadline;
	}

}
