package dev.llmratelimit.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import dev.llmratelimit.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;

/**
 * A model's budget held in this JVM: continuous-refill buckets per meter (or sliding logs
 * for providers that meter that way, see {@link ModelLimits.Refill}), a concurrency
 * counter, a strict FIFO queue of waiting calls, leases that expire, and a provider
 * cooldown. One lock per model makes every operation atomic across all meters.
 * <p>
 * What the provider reports bounds what this budget admits: on {@link #observe} a meter's
 * level drops to the provider's remaining budget minus what this budget admitted after the
 * provider produced that figure (the level is never raised: the provider's figures may be
 * rounded, and calls in flight are still held here). The instant a figure was produced is
 * not known. Responses are observed the moment their headers arrive (the HTTP hooks) or
 * when the call's exception surfaces, so it lies one downstream network transit before the
 * observation. This budget approximates the calls admitted after it as those admitted
 * within a fixed <em>observation lag</em> before the observation and, when the response
 * belongs to a call of this budget ({@link #observe(ProviderSnapshot, Lease)}), strictly
 * after that call. Calls still travelling to the provider when it produced the figure were
 * admitted earlier and are not subtracted; a lag of one round trip would cover them too.
 * What a figure took off for calls admitted within the lag is given back when the next
 * figure for that meter arrives, so a call the provider had in fact counted costs headroom
 * only until the next response.
 */
public final class LocalBudget implements Budget {

	/** Cooldown used when a provider refuses a call without saying how long to wait. */
	public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1);

	/** Observation lag used when none is given: a generous network transit on a loaded client. */
	public static final Duration DEFAULT_OBSERVATION_LAG = Duration.ofMillis(200);

	private static final Meter[] METERS = Meter.values();

	private final ReentrantLock lock = new ReentrantLock();

	private final TimeSource time;

	private final long leaseNanos;

	private final ModelLimits.Refill refill;

	private final long marginNanos;

	private final LocalMeter[] buckets = new LocalMeter[METERS.length];

	private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

	private final Map<String, Waiter> waiters = new HashMap<>();

	private final LinkedHashMap<String, HeldLease> leases = new LinkedHashMap<>();

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	private final long observationLagNanos;

	private final ArrayDeque<Admitted> recentAdmissions = new ArrayDeque<>();

	/** Per meter, what the last observation took off for calls it took as unseen. */
	private final double[] unseenPenalty = new double[METERS.length];

	private long nextId;

	private long cooldownUntilNanos;

	private boolean coolingDown;

	/**
	 * Creates a budget with the configured limits, every meter full.
	 * @param limits the model's limits
	 * @param time the time source
	 * @param leaseTimeout how long an unsettled lease holds its budget before it expires
	 */
	public LocalBudget(ModelLimits limits, TimeSource time, Duration leaseTimeout) {
		this(limits, time, leaseTimeout, Duration.ZERO, DEFAULT_OBSERVATION_LAG);
	}

	/**
	 * Creates a budget with the configured limits, every meter full.
	 * <p>
	 * It admits a call on a continuously refilling meter only when the meter keeps a
	 * margin after paying: what refills in {@code admissionMargin}. The provider charges a
	 * call a little after this budget does (the request has to travel), while its own
	 * bucket may still be spilling refill; the margin absorbs that skew. It shifts the
	 * level once, not the rate: the throughput at saturation is unchanged.
	 * @param limits the model's limits
	 * @param time the time source
	 * @param leaseTimeout how long an unsettled lease holds its budget before it expires
	 * @param admissionMargin refill time held back at admission, zero for none
	 * @param observationLag how long before an observation an admission may still be
	 * unseen by the provider (see the class description); zero trusts the provider's figure
	 * as is
	 */
	public LocalBudget(ModelLimits limits, TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		if (admissionMargin.isNegative()) {
			throw new IllegalArgumentException("admission margin must not be negative, was " + admissionMargin);
		}
		if (observationLag.isNegative()) {
			throw new IllegalArgumentException("observation lag must not be negative, was " + observationLag);
		}
		this.marginNanos = admissionMargin.toNanos();
		this.time = time;
		this.leaseNanos = leaseTimeout.toNanos();
		this.observationLagNanos = observationLag.toNanos();
		this.refill = (limits.refill() != null) ? limits.refill() : ModelLimits.Refill.CONTINUOUS;
		long now = time.nanoTime();
		limits.limits()
			.forEach((meter, limit) -> this.buckets[meter.ordinal()] = newMeter(meter, limit, LimitSource.CONFIG, now));
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		Events events = new Events();
		this.lock.lock();
		try {
			long now = advance(events);
			Admission tooLarge = checkFits(cost);
			if (tooLarge != null) {
				return tooLarge;
			}
			if (this.queue.isEmpty() && !inCooldown(now) && canPay(cost)) {
				return Admission.granted(debit(cost, now));
			}
			Estimate estimate = estimate(null, cost, now);
			boolean tooLong = (estimate.nanos == Admission.UNKNOWN_WAIT) ? maxWaitNanos <= 0
					: estimate.nanos > maxWaitNanos;
			if (tooLong) {
				return Admission.rejected(estimate.meter, estimate.nanos);
			}
			Waiter waiter = new Waiter(new Ticket("T" + (++this.nextId), cost));
			this.queue.addLast(waiter);
			this.waiters.put(waiter.ticket.id(), waiter);
			return Admission.queued(waiter.ticket, estimate.meter, estimate.nanos);
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public Admission poll(Ticket ticket) {
		Events events = new Events();
		this.lock.lock();
		try {
			long now = advance(events);
			Waiter waiter = this.waiters.get(ticket.id());
			if (waiter == null) {
				throw new IllegalStateException("Unknown or already settled ticket " + ticket.id());
			}
			if (waiter.lease != null) {
				this.waiters.remove(ticket.id());
				return Admission.granted(waiter.lease);
			}
			if (waiter.tooLarge != null) {
				this.waiters.remove(ticket.id());
				return waiter.tooLarge;
			}
			Estimate estimate = estimate(waiter, null, now);
			return Admission.queued(ticket, estimate.meter, estimate.nanos);
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		Events events = new Events();
		this.lock.lock();
		try {
			Waiter waiter = this.waiters.remove(ticket.id());
			if (waiter == null) {
				return Optional.empty();
			}
			if (waiter.lease != null) {
				return Optional.of(waiter.lease);
			}
			boolean wasHead = this.queue.peekFirst() == waiter;
			this.queue.remove(waiter);
			if (wasHead) {
				// the head may have been holding back calls that fit now
				advance(events);
			}
			return Optional.empty();
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		Events events = new Events();
		this.lock.lock();
		try {
			HeldLease held = this.leases.remove(lease.id());
			if (held == null) {
				return false;
			}
			refill(this.time.nanoTime());
			Cost refund = lease.cost().minus(actual);
			for (LocalMeter bucket : held.debited) {
				// a meter learned after admission never held this call's cost
				if (bucket != null && this.buckets[bucket.meter().ordinal()] == bucket) {
					double amount = refund.amount(bucket.meter());
					if (amount > 0) {
						events.changed |= bucket.credit(amount);
					}
					else if (amount < 0) {
						bucket.debit(-amount);
					}
				}
			}
			advance(events);
			return true;
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public boolean holds(Lease lease) {
		Events events = new Events();
		this.lock.lock();
		try {
			advance(events);
			return this.leases.containsKey(lease.id());
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		observe(snapshot, Long.MIN_VALUE);
	}

	@Override
	public void observe(ProviderSnapshot snapshot, Lease call) {
		long admittedAt = Long.MIN_VALUE;
		this.lock.lock();
		try {
			HeldLease held = this.leases.get(call.id());
			if (held != null) {
				admittedAt = held.admittedAtNanos;
			}
		}
		finally {
			this.lock.unlock();
		}
		observe(snapshot, admittedAt);
	}

	private void observe(ProviderSnapshot snapshot, long callAdmittedAt) {
		Events events = new Events();
		this.lock.lock();
		try {
			long now = this.time.nanoTime();
			refill(now);
			double[] unseen = unseenByProvider(now, callAdmittedAt);
			snapshot.readings()
				.forEach((meter, reading) -> learn(meter, reading, unseen[meter.ordinal()], now, events));
			if (snapshot.isRateLimited()) {
				Duration retryAfter = (snapshot.retryAfter() != null) ? snapshot.retryAfter() : DEFAULT_COOLDOWN;
				startCooldown(now, retryAfter.toNanos());
				LocalMeter throttled = (snapshot.throttledMeter() != null)
						? this.buckets[snapshot.throttledMeter().ordinal()] : null;
				if (throttled != null) {
					throttled.capAt(0);
				}
			}
			advance(events);
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public BudgetState state() {
		Events events = new Events();
		this.lock.lock();
		try {
			long now = advance(events);
			Map<Meter, MeterState> meters = new EnumMap<>(Meter.class);
			for (LocalMeter bucket : this.buckets) {
				if (bucket != null) {
					meters.put(bucket.meter(), new MeterState(bucket.limit(), bucket.level(), bucket.source()));
				}
			}
			long cooldown = inCooldown(now) ? this.cooldownUntilNanos - now : 0;
			return new BudgetState(meters, this.leases.size(), this.queue.size(), cooldown);
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.listeners.add(listener);
	}

	private void learn(Meter meter, MeterReading reading, double unseen, long now, Events events) {
		LocalMeter bucket = this.buckets[meter.ordinal()];
		if (reading.limit() != null && reading.limit() > 0) {
			long limit = reading.limit();
			if (bucket == null) {
				bucket = newMeter(meter, limit, LimitSource.HEADERS, now);
				this.buckets[meter.ordinal()] = bucket;
				events.limitChanges.add(new LimitChange(meter, 0, limit));
			}
			else if (bucket.limit() != limit) {
				events.limitChanges.add(new LimitChange(meter, bucket.limit(), limit));
				events.changed |= limit > bucket.limit();
				bucket.setLimit(limit, LimitSource.HEADERS);
			}
			else {
				bucket.setLimit(limit, LimitSource.HEADERS);
			}
		}
		if (bucket != null && reading.remaining() != null && reading.remaining() >= 0) {
			// a newer figure replaces the guess about which calls the provider had not seen
			double penalty = this.unseenPenalty[meter.ordinal()];
			if (penalty > 0) {
				bucket.credit(penalty);
			}
			double providerOnly = Math.min(bucket.level(), reading.remaining());
			bucket.capAt(reading.remaining() - unseen);
			this.unseenPenalty[meter.ordinal()] = providerOnly - bucket.level();
		}
	}

	/**
	 * Cost per meter of the admissions made within the observation lag and, when the
	 * response belongs to a call, after that call's admission.
	 */
	private double[] unseenByProvider(long now, long callAdmittedAt) {
		forgetAdmissionsBefore(now - this.observationLagNanos);
		double[] unseen = new double[METERS.length];
		for (Admitted admitted : this.recentAdmissions) {
			if (callAdmittedAt == Long.MIN_VALUE || admitted.atNanos - callAdmittedAt > 0) {
				add(unseen, admitted.cost);
			}
		}
		return unseen;
	}

	private void forgetAdmissionsBefore(long nanos) {
		while (!this.recentAdmissions.isEmpty() && nanos - this.recentAdmissions.peekFirst().atNanos >= 0) {
			this.recentAdmissions.pollFirst();
		}
	}

	private void startCooldown(long now, long nanos) {
		long until = now + Math.max(0, nanos);
		if (!this.coolingDown || until - this.cooldownUntilNanos > 0) {
			this.cooldownUntilNanos = until;
		}
		this.coolingDown = true;
	}

	private boolean inCooldown(long now) {
		if (this.coolingDown && now - this.cooldownUntilNanos >= 0) {
			this.coolingDown = false;
		}
		return this.coolingDown;
	}

	/** Refills, expires leases and serves the queue; returns the current time. */
	private long advance(Events events) {
		long now = this.time.nanoTime();
		refill(now);
		expireLeases(now, events);
		serveQueue(now, events);
		return now;
	}

	private LocalMeter newMeter(Meter meter, long limit, LimitSource source, long now) {
		if (meter.refills() && this.refill == ModelLimits.Refill.SLIDING_WINDOW) {
			return new SlidingWindowMeter(meter, limit, source, now);
		}
		return new MeterBucket(meter, limit, source, now);
	}

	private void refill(long now) {
		for (LocalMeter bucket : this.buckets) {
			if (bucket != null) {
				bucket.refill(now);
			}
		}
	}

	private void expireLeases(long now, Events events) {
		Iterator<HeldLease> it = this.leases.values().iterator();
		while (it.hasNext()) {
			HeldLease held = it.next();
			if (now - held.expiresAtNanos < 0) {
				break;
			}
			it.remove();
			LocalMeter concurrency = held.debited[Meter.CONCURRENT_REQUESTS.ordinal()];
			if (concurrency != null && this.buckets[Meter.CONCURRENT_REQUESTS.ordinal()] == concurrency) {
				concurrency.credit(held.lease.cost().amount(Meter.CONCURRENT_REQUESTS));
			}
			events.expired.add(held.lease);
			events.changed = true;
		}
	}

	private void serveQueue(long now, Events events) {
		while (!this.queue.isEmpty()) {
			Waiter head = this.queue.peekFirst();
			Admission tooLarge = checkFits(head.ticket.cost());
			if (tooLarge != null) {
				head.tooLarge = tooLarge;
				this.queue.pollFirst();
				events.changed = true;
				continue;
			}
			if (inCooldown(now) || !canPay(head.ticket.cost())) {
				return;
			}
			head.lease = debit(head.ticket.cost(), now);
			this.queue.pollFirst();
			events.changed = true;
		}
	}

	private Admission checkFits(Cost cost) {
		for (LocalMeter bucket : this.buckets) {
			if (bucket != null && cost.amount(bucket.meter()) > bucket.limit()) {
				return Admission.tooLarge(bucket.meter(), bucket.limit());
			}
		}
		return null;
	}

	private boolean canPay(Cost cost) {
		for (LocalMeter bucket : this.buckets) {
			if (bucket != null) {
				double amount = cost.amount(bucket.meter());
				if (!bucket.canPay(amount + margin(bucket, amount))) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * What a continuously refilling meter keeps back when it pays {@code amount}: the refill
	 * of the admission margin, but never so much that a call the meter can hold would not
	 * fit. Sliding windows and the concurrency counter keep nothing back.
	 */
	private double margin(LocalMeter bucket, double amount) {
		if (this.marginNanos == 0 || this.refill != ModelLimits.Refill.CONTINUOUS || !bucket.meter().refills()) {
			return 0;
		}
		double refillOfMargin = (double) bucket.limit() * this.marginNanos
				/ bucket.meter().window().orElseThrow().toNanos();
		return Math.max(0, Math.min(refillOfMargin, bucket.limit() - amount));
	}

	private Lease debit(Cost cost, long now) {
		for (LocalMeter bucket : this.buckets) {
			if (bucket != null) {
				bucket.debit(cost.amount(bucket.meter()));
			}
		}
		if (this.observationLagNanos > 0) {
			forgetAdmissionsBefore(now - this.observationLagNanos);
			this.recentAdmissions.addLast(new Admitted(now, cost));
		}
		Lease lease = new Lease("L" + (++this.nextId), cost);
		this.leases.put(lease.id(), new HeldLease(lease, now, now + this.leaseNanos, this.buckets.clone()));
		return lease;
	}

	/**
	 * Estimated wait of {@code target} in the queue, or of {@code extra} appended after the
	 * whole queue: the instant the meters have refilled enough to pay for everything ahead
	 * and the call itself.
	 */
	private Estimate estimate(Waiter target, Cost extra, long now) {
		double[] ahead = new double[METERS.length];
		Cost last = extra;
		for (Waiter waiter : this.queue) {
			add(ahead, waiter.ticket.cost());
			if (waiter == target) {
				last = waiter.ticket.cost();
				break;
			}
		}
		if (extra != null) {
			add(ahead, extra);
		}
		long wait = 0;
		Meter binding = null;
		for (LocalMeter bucket : this.buckets) {
			if (bucket == null) {
				continue;
			}
			double amount = (last != null) ? last.amount(bucket.meter()) : 0;
			long nanos = bucket.nanosUntil(ahead[bucket.meter().ordinal()] + margin(bucket, amount));
			if (nanos == Admission.UNKNOWN_WAIT) {
				return new Estimate(bucket.meter(), Admission.UNKNOWN_WAIT);
			}
			if (nanos > wait) {
				wait = nanos;
				binding = bucket.meter();
			}
		}
		if (inCooldown(now) && this.cooldownUntilNanos - now > wait) {
			return new Estimate(null, this.cooldownUntilNanos - now);
		}
		return new Estimate(binding, wait);
	}

	private static void add(double[] sums, Cost cost) {
		for (Meter meter : METERS) {
			sums[meter.ordinal()] += cost.amount(meter);
		}
	}

	private static final class Waiter {

		private final Ticket ticket;

		private Lease lease;

		private Admission tooLarge;

		private Waiter(Ticket ticket) {
			this.ticket = ticket;
		}

	}

	/** A lease with the meters that were debited for it. */
	private record HeldLease(Lease lease, long admittedAtNanos, long expiresAtNanos, LocalMeter[] debited) {
	}

	private record Estimate(Meter meter, long nanos) {
	}

	/** An admission the provider may not have seen yet. */
	private record Admitted(long atNanos, Cost cost) {
	}

	private record LimitChange(Meter meter, long previous, long current) {
	}

	/** What happened under the lock, told to listeners once it is released. */
	private static final class Events {

		private boolean changed;

		private final List<Lease> expired = new ArrayList<>(0);

		private final List<LimitChange> limitChanges = new ArrayList<>(0);

		void fire(List<BudgetListener> listeners) {
			if (!this.changed && this.expired.isEmpty() && this.limitChanges.isEmpty()) {
				return;
			}
			for (BudgetListener listener : listeners) {
				this.expired.forEach(listener::leaseExpired);
				this.limitChanges.forEach((change) -> listener.limitChanged(change.meter, change.previous, change.current));
				if (this.changed || !this.limitChanges.isEmpty()) {
					listener.budgetChanged();
				}
			}
		}

	}

}
