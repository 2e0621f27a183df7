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
 */
final class FailoverBudget implements Budget {

	private static final Log logger = LogFactory.getLog(FailoverBudget.class);

	private final RedisBudget redis;

	private final RedisAvailability availability;

	private final TimeSource time;

	private volatile Runnable releaseHook = () -> {
	};

	/** The place of each call of this instance waiting for budget, by the ticket it was given. */
	private final WaitingPlaces places = new WaitingPlaces();

	private final KnownSharedLevel shared;

	private final Fallbacks fallbacks;

	/** What this budget owes Redis because of an outage, handed back once it answers. */
	private final OutageRecovery recovery;

	/** Settlements sent in the background whose answer has not arrived (or not been handled). */
	private final SettlementsOnTheirWay onTheirWay;

	FailoverBudget(RedisBudget redis, Function<KnownSharedLevel.Estimate, Budget> fallbackFactory,
			RedisAvailability availability, TimeSource time, int instances, Duration presumption) {
		this.redis = redis;
		this.shared = new KnownSharedLevel(time);
		this.fallbacks = new Fallbacks(fallbackFactory, this.shared);
		this.availability = availability;
		this.time = time;
		this.recovery = new OutageRecovery(redis, availability, this.shared, this.fallbacks, instances, presumption,
				this::giveBackSlots);
		this.onTheirWay = new SettlementsOnTheirWay(this.recovery::notSent);
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

	@Override
	public Admission poll(Ticket ticket) {
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

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
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
		return this.places.anyInRedis();
	}

	/**
	 * Keeps the Redis places of every call of this instance still waiting there (not only
	 * the first, which its wake-ups keep alive), and wakes the first.
	 */
	void heartbeat() {
		List<String> waiting = this.places.redisTicketsStillWaiting(this.time.nanoTime());
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

	private BudgetState readShared() {
		return this.shared.read(this.redis::read);
	}

	/** Gives back in Redis the slots it held for a call of the fallback that ended. */
	private void giveBackSlots(String fallbackLease, double slots) {
		settle(new Lease(this.redis.slotLeaseId(fallbackLease),
				Cost.builder().set(Meter.CONCURRENT_REQUESTS, slots).build()), Cost.ZERO);
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

	@Override
	public String toString() {
		return "FailoverBudget[" + this.redis + "]";
	}

}
