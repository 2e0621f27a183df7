package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.Ticket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;

/**
 * A {@link RedisBudget} guarded by a fallback budget for when Redis cannot be reached.
 * <ul>
 * <li>The fallback is built when an outage starts, from the last shared state Redis
 * reported, and retired when Redis is back; the next outage builds a new one.</li>
 * <li>What the fallback admits is charged to Redis on recovery, before Redis is used
 * again, so that the shared budget knows of it.</li>
 * <li>Each waiting call keeps one place: in Redis, or in the fallback while Redis is down.
 * A Redis waiter moves to the fallback when Redis fails, and back to Redis once it
 * answers again.</li>
 * <li>Settlements of Redis leases wait and are replayed when Redis is back (settling is
 * idempotent there), as are cancellations of Redis tickets and releases of acquisitions
 * whose reply never arrived.</li>
 * <li>An interrupted or cancelled call is not an outage: its exception reaches the caller
 * and Redis stays in use.</li>
 * </ul>
 * This class routes each operation to Redis or to the fallback. Admitting and waiting
 * is {@link FailoverAdmissions}'s job, the fallback of each outage that of
 * {@link Fallbacks}, what is owed to Redis and its hand-back that of
 * {@link OutageRecovery}, and the settlements sent in the background that of
 * {@link SettlementsOnTheirWay}. Thread-safe, as each of them is.
 */
final class FailoverBudget implements Budget {

	private static final Log logger = LogFactory.getLog(FailoverBudget.class);

	private final RedisBudget redis;

	private final RedisAvailability availability;

	private volatile Runnable releaseHook = () -> {
	};

	private final KnownSharedLevel shared;

	private final Fallbacks fallbacks;

	/** What this budget owes Redis because of an outage, handed back once it answers. */
	private final OutageRecovery recovery;

	/** Settlements sent in the background whose answer has not arrived (or not been handled). */
	private final SettlementsOnTheirWay onTheirWay;

	private final FailoverAdmissions admissions;

	FailoverBudget(RedisBudget redis, Function<KnownSharedLevel.Estimate, Budget> fallbackFactory,
			RedisAvailability availability, TimeSource time, int instances, Duration presumption) {
		this.redis = redis;
		this.shared = new KnownSharedLevel(time);
		this.fallbacks = new Fallbacks(fallbackFactory, this.shared);
		this.availability = availability;
		this.recovery = new OutageRecovery(redis, availability, this.shared, this.fallbacks, instances, presumption,
				this::giveBackSlots);
		this.onTheirWay = new SettlementsOnTheirWay(this.recovery::notSent);
		this.admissions = new FailoverAdmissions(redis, availability, time, this.shared, this.fallbacks, this.recovery);
	}

	RedisBudget redis() {
		return this.redis;
	}

	void onRelease(Runnable hook) {
		this.releaseHook = hook;
	}

	@Override
	public void release() {
		this.releaseHook.run();
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		return acquire(cost, maxWaitNanos, Claimant.NORMAL);
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		return this.admissions.acquire(cost, maxWaitNanos, claimant);
	}

	@Override
	public Admission poll(Ticket ticket) {
		return this.admissions.poll(ticket);
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return this.admissions.cancel(ticket);
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		if (Fallbacks.isFallback(lease.id())) {
			return settleFallback(lease, actual);
		}
		String settlementId = this.redis.newSettlementId();
		if (this.availability.isAvailable()) {
			try {
				return this.redis.settle(lease, actual, settlementId);
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		this.recovery.notSent(new RedisReplay.Settlement(lease, actual, settlementId));
		return true;
	}

	/**
	 * Sends the settlement of a Redis lease without waiting for Redis's answer where the
	 * connection allows it ({@link RedisBudget#settleInBackground}); one that fails on its
	 * way is replayed as a settlement made while Redis was down is (the same settlement id:
	 * Redis counts it once, whether or not the first one reached it).
	 */
	@Override
	public void settleInBackground(Lease lease, Cost actual) {
		if (!Fallbacks.isFallback(lease.id()) && this.availability.isAvailable()) {
			RedisReplay.Settlement settlement = new RedisReplay.Settlement(lease, actual, this.redis.newSettlementId());
			try {
				CompletableFuture<Boolean> answer = this.redis.settleInBackground(lease, actual, settlement.id());
				if (answer != null) {
					this.onTheirWay.add(settlement, answer);
					return;
				}
			}
			catch (DataAccessException ex) {
				logger.debug("Could not send a settlement in the background; settling it now", ex);
			}
		}
		settle(lease, actual);
	}

	/**
	 * Sends the settlements waiting for an acquisition, waits for the settlements sent in
	 * the background, then replays, while Redis answers,
	 * whatever is left to replay, so that closing the store loses none.
	 * @param timeout how long to wait for the settlements on their way
	 */
	void flush(Duration timeout) {
		this.redis.flushSettlements();
		if (!this.onTheirWay.await(timeout)) {
			return;
		}
		if (this.availability.isAvailable() && hasPendingWork()) {
			recover();
		}
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		if (this.availability.isAvailable()) {
			try {
				this.redis.observe(snapshot);
				return;
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		this.fallbacks.currentOrNew().budget().observe(snapshot);
	}

	@Override
	public void requestSent(Lease call) {
		if (Fallbacks.isFallback(call.id())) {
			Fallback current = this.fallbacks.current();
			if (current != null && current.issued(call.id())) {
				current.budget().requestSent(current.unwrap(call));
			}
			return;
		}
		if (this.availability.isAvailable()) {
			try {
				this.redis.requestSent(call);
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
	}

	@Override
	public void observe(ProviderSnapshot snapshot, Lease call) {
		if (Fallbacks.isFallback(call.id())) {
			Fallback current = this.fallbacks.current();
			if (current != null && current.issued(call.id())) {
				current.budget().observe(snapshot, current.unwrap(call));
				return;
			}
			observe(snapshot);
			return;
		}
		if (this.availability.isAvailable()) {
			try {
				this.redis.observe(snapshot, call);
				return;
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		this.fallbacks.currentOrNew().budget().observe(snapshot);
	}

	@Override
	public BudgetState state() {
		if (this.availability.isAvailable()) {
			try {
				return readShared();
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		return this.fallbacks.currentOrNew().budget().state();
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.redis.addListener(listener);
		this.fallbacks.addListener(listener);
	}

	/** Whether calls of this instance wait in the Redis queue. */
	boolean hasWaiters() {
		return this.admissions.hasWaitersInRedis();
	}

	/**
	 * Keeps the Redis places of every call of this instance still waiting there (not only
	 * the first, which its wake-ups keep alive), and wakes the first.
	 */
	void heartbeat() {
		List<String> waiting = this.admissions.redisTicketsStillWaiting();
		if (!waiting.isEmpty() && this.availability.isAvailable()) {
			this.redis.touch(waiting);
		}
		this.redis.budgetChanged();
	}

	/**
	 * Reads the shared state, so that a fallback built later starts from it, and seeds a
	 * Redis that lost the budget (see {@link OutageRecovery#refreshSharedState()}).
	 */
	void refreshSharedState() {
		this.recovery.refreshSharedState();
	}

	/** Whether something waits to be replayed in Redis. */
	boolean hasPendingWork() {
		return this.recovery.hasPendingWork();
	}

	/**
	 * Replays, once Redis answers again, what could not reach it, and retires the fallback
	 * (see {@link OutageRecovery#recover()}).
	 */
	void recover() {
		this.recovery.recover();
	}

	private BudgetState readShared() {
		return this.shared.read(this.redis::read);
	}

	/** Gives back in Redis the slots it held for a call of the fallback that ended. */
	private void giveBackSlots(String fallbackLease, double slots) {
		settle(new Lease(this.redis.slotLeaseId(fallbackLease),
				Cost.builder().set(Meter.CONCURRENT_REQUESTS, slots).build()), Cost.ZERO);
	}

	private boolean settleFallback(Lease lease, Cost actual) {
		Fallback current = this.fallbacks.current();
		if (current != null && current.issued(lease.id())) {
			if (!current.budget().settle(current.unwrap(lease), actual)) {
				return false;
			}
		}
		double heldInRedis = this.recovery.slotsEnded(lease.id());
		if (heldInRedis > 0) {
			giveBackSlots(lease.id(), heldInRedis);
		}
		// what the call used beyond (or short of) its reservation is spent from the shared budget too
		double[] difference = FallbackSpending.difference(actual, lease.cost());
		if (this.availability.isAvailable() && current == null) {
			try {
				this.redis.charge(difference);
				return true;
			}
			catch (DataAccessException ex) {
				this.availability.callFailed(ex);
			}
		}
		this.recovery.spent(difference);
		return true;
	}

	@Override
	public String toString() {
		return "FailoverBudget[" + this.redis + "]";
	}

}
