package dev.llmratelimit.store.redis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;

import dev.llmratelimit.core.Admission;
import dev.llmratelimit.core.Budget;
import dev.llmratelimit.core.BudgetListener;
import dev.llmratelimit.core.BudgetState;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.Ticket;
import dev.llmratelimit.core.TimeSource;

/**
 * A {@link RedisBudget} guarded by a fallback budget for when Redis cannot be reached.
 * Every ticket and lease stays with the budget that issued it: ids from the fallback carry
 * a prefix, so a lease taken on the fallback is settled on the fallback. While Redis is
 * down, calls queued in Redis move to the fallback, settlements of Redis leases wait and
 * are replayed when Redis is back (settling is idempotent there), and abandoned Redis
 * tickets, and whatever acquisitions without a reply hold, are given back then.
 */
final class FailoverBudget implements Budget {

	private static final String FALLBACK = "fallback:";

	private final RedisBudget redis;

	private final Supplier<Budget> fallbackFactory;

	private final RedisAvailability availability;

	private final TimeSource time;

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	/** Deadline (on {@link #time}) of each call queued in Redis by this instance. */
	private final Map<String, Long> deadlines = new ConcurrentHashMap<>();

	/** Redis tickets whose waiter moved to the fallback, with the fallback ticket. */
	private final Map<String, Ticket> moved = new ConcurrentHashMap<>();

	private final Set<Ticket> abandoned = ConcurrentHashMap.newKeySet();

	private final Queue<Settlement> pending = new ConcurrentLinkedQueue<>();

	/** Acquisitions whose reply never arrived: released in Redis once it is back. */
	private final Queue<Acquisition> unanswered = new ConcurrentLinkedQueue<>();

	private volatile Budget fallback;

	FailoverBudget(RedisBudget redis, Supplier<Budget> fallbackFactory, RedisAvailability availability,
			TimeSource time) {
		this.redis = redis;
		this.fallbackFactory = fallbackFactory;
		this.availability = availability;
		this.time = time;
	}

	RedisBudget redis() {
		return this.redis;
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		if (this.availability.isAvailable()) {
			String requestId = this.redis.newRequestId();
			try {
				Admission admission = this.redis.acquire(cost, maxWaitNanos, requestId);
				if (admission.status() == Admission.Status.QUEUED) {
					this.deadlines.put(admission.ticket().id(), deadline(maxWaitNanos));
				}
				return admission;
			}
			catch (DataAccessException ex) {
				outage(ex);
				// Redis may have run it (or run it later, when Lettuce sends it again)
				this.unanswered.add(new Acquisition(requestId, cost));
			}
		}
		return fromFallback(null, fallback().acquire(cost, maxWaitNanos));
	}

	@Override
	public Admission poll(Ticket ticket) {
		if (isFallback(ticket.id())) {
			return fromFallback(null, fallback().poll(unwrap(ticket)));
		}
		Ticket fallbackTicket = this.moved.get(ticket.id());
		if (fallbackTicket != null) {
			Admission admission = fromFallback(ticket, fallback().poll(fallbackTicket));
			if (admission.status() != Admission.Status.QUEUED) {
				forget(ticket);
			}
			return admission;
		}
		if (this.availability.isAvailable()) {
			try {
				Admission admission = this.redis.poll(ticket);
				if (admission.status() != Admission.Status.QUEUED) {
					forget(ticket);
				}
				return admission;
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		return moveToFallback(ticket);
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		if (isFallback(ticket.id())) {
			return fallback().cancel(unwrap(ticket)).map(FailoverBudget::wrap);
		}
		this.deadlines.remove(ticket.id());
		Ticket fallbackTicket = this.moved.remove(ticket.id());
		if (fallbackTicket != null) {
			return fallback().cancel(fallbackTicket).map(FailoverBudget::wrap);
		}
		if (this.availability.isAvailable()) {
			try {
				return this.redis.cancel(ticket);
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		this.abandoned.add(ticket);
		return Optional.empty();
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		if (isFallback(lease.id())) {
			return fallback().settle(new Lease(lease.id().substring(FALLBACK.length()), lease.cost()), actual);
		}
		String settlementId = this.redis.newSettlementId();
		if (this.availability.isAvailable()) {
			try {
				return this.redis.settle(lease, actual, settlementId);
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		this.pending.add(new Settlement(lease, actual, settlementId));
		return true;
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		if (this.availability.isAvailable()) {
			try {
				this.redis.observe(snapshot);
				return;
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		fallback().observe(snapshot);
	}

	@Override
	public void observe(ProviderSnapshot snapshot, Lease call) {
		if (isFallback(call.id())) {
			fallback().observe(snapshot, new Lease(call.id().substring(FALLBACK.length()), call.cost()));
			return;
		}
		if (this.availability.isAvailable()) {
			try {
				this.redis.observe(snapshot, call);
				return;
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		fallback().observe(snapshot);
	}

	@Override
	public BudgetState state() {
		if (this.availability.isAvailable()) {
			try {
				return this.redis.state();
			}
			catch (DataAccessException ex) {
				outage(ex);
			}
		}
		return fallback().state();
	}

	@Override
	public void addListener(BudgetListener listener) {
		synchronized (this.listeners) {
			this.listeners.add(listener);
			this.redis.addListener(listener);
			if (this.fallback != null) {
				this.fallback.addListener(listener);
			}
		}
	}

	/** Whether calls of this instance wait in the Redis queue. */
	boolean hasWaiters() {
		return !this.deadlines.isEmpty();
	}

	/**
	 * Keeps the Redis places of every call of this instance still waiting there (not only
	 * the first, which its wake-ups keep alive), and wakes the first.
	 */
	void heartbeat() {
		long now = this.time.nanoTime();
		// past its deadline a waiter gives up (and cancels); one that vanished must not hold the line
		this.deadlines.values().removeIf((deadline) -> now - deadline > 0);
		List<String> waiting = this.deadlines.keySet()
			.stream()
			.filter((id) -> !this.moved.containsKey(id))
			.toList();
		if (!waiting.isEmpty() && this.availability.isAvailable()) {
			this.redis.touch(waiting);
		}
		this.redis.budgetChanged();
	}

	/**
	 * Replays, once Redis answers again, what could not reach it: settlements of Redis
	 * leases, then cancellations of tickets whose waiters left (refunding a lease granted
	 * to them in the meantime).
	 */
	void recover() {
		Settlement settlement;
		while ((settlement = this.pending.poll()) != null) {
			try {
				this.redis.settle(settlement.lease(), settlement.actual(), settlement.id());
			}
			catch (RuntimeException ex) {
				this.pending.add(settlement);
				throw ex;
			}
		}
		for (Ticket ticket : this.abandoned) {
			this.redis.cancel(ticket).ifPresent((lease) -> this.redis.settle(lease, Cost.ZERO));
			this.abandoned.remove(ticket);
		}
		Acquisition acquisition;
		while ((acquisition = this.unanswered.poll()) != null) {
			try {
				this.redis.release(acquisition.requestId(), acquisition.cost());
			}
			catch (RuntimeException ex) {
				this.unanswered.add(acquisition);
				throw ex;
			}
		}
	}

	private Admission moveToFallback(Ticket ticket) {
		this.abandoned.add(ticket);
		Long deadline = this.deadlines.get(ticket.id());
		long remaining = (deadline != null) ? Math.max(0, deadline - this.time.nanoTime()) : 0;
		Admission admission;
		try {
			admission = fallback().acquire(ticket.cost(), remaining);
		}
		catch (RuntimeException ex) {
			forget(ticket);
			throw ex;
		}
		return switch (admission.status()) {
			case GRANTED -> {
				forget(ticket);
				yield fromFallback(ticket, admission);
			}
			case QUEUED -> {
				this.moved.put(ticket.id(), admission.ticket());
				yield Admission.queued(ticket, admission.meter(), admission.waitNanos());
			}
			// still this instance's waiter: it asks again at its estimate, and gives up at its deadline
			case REJECTED -> Admission.queued(ticket, admission.meter(), admission.waitNanos());
			case TOO_LARGE -> {
				forget(ticket);
				yield admission;
			}
		};
	}

	private void forget(Ticket ticket) {
		this.deadlines.remove(ticket.id());
		this.moved.remove(ticket.id());
	}

	private void outage(DataAccessException ex) {
		if (!RedisAvailability.isOutage(ex)) {
			throw ex;
		}
		this.availability.failed(ex);
	}

	private Budget fallback() {
		Budget budget = this.fallback;
		if (budget == null) {
			synchronized (this.listeners) {
				budget = this.fallback;
				if (budget == null) {
					budget = this.fallbackFactory.get();
					this.listeners.forEach(budget::addListener);
					this.fallback = budget;
				}
			}
		}
		return budget;
	}

	/**
	 * An admission of the fallback as this budget reports it: fallback ids get their
	 * prefix, and a queued call that moved from Redis keeps its original ticket.
	 */
	private static Admission fromFallback(Ticket original, Admission admission) {
		return switch (admission.status()) {
			case GRANTED -> Admission.granted(wrap(admission.lease()));
			case QUEUED -> Admission.queued(
					(original != null) ? original
							: new Ticket(FALLBACK + admission.ticket().id(), admission.ticket().cost()),
					admission.meter(), admission.waitNanos());
			default -> admission;
		};
	}

	private long deadline(long maxWaitNanos) {
		long now = this.time.nanoTime();
		long deadline = now + maxWaitNanos;
		return (deadline - now < 0) ? Long.MAX_VALUE : deadline;
	}

	private static boolean isFallback(String id) {
		return id.startsWith(FALLBACK);
	}

	private static Ticket unwrap(Ticket ticket) {
		return new Ticket(ticket.id().substring(FALLBACK.length()), ticket.cost());
	}

	private static Lease wrap(Lease lease) {
		return new Lease(FALLBACK + lease.id(), lease.cost());
	}

	private record Settlement(Lease lease, Cost actual, String id) {
	}

	private record Acquisition(String requestId, Cost cost) {
	}

	@Override
	public String toString() {
		return "FailoverBudget[" + this.redis + "]";
	}

}
