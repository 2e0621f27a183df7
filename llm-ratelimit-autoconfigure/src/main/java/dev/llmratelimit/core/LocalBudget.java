package dev.llmratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.llmratelimit.ModelLimits;

/**
 * A model's budget held in this JVM: continuous-refill buckets per meter (or sliding logs
 * for providers that meter that way, see {@link ModelLimits.Refill}), a concurrency
 * counter, a strict FIFO queue of waiting calls, leases that expire, and a provider
 * cooldown. One lock per model makes every operation atomic across all meters.
 * <p>
 * This class coordinates parts that each have one job, all guarded by its lock:
 * {@link MeterSet} (the meters and the admission margin), {@link WaitQueue} (the FIFO
 * line), {@link LeaseBook} (leases held and their expiry), {@link Cooldown} (a provider's
 * retry-after) and {@link ObservationReconciler} (what the provider's figures teach, with
 * its rules {@link LimitLearning}, {@link RemainingRange}, {@link InFlightHolds} and
 * {@link ExternalConsumption}).
 * Listeners hear about changes through {@link BudgetEvents} once the lock is released.
 * <p>
 * What the provider reports bounds what this budget admits: on {@link #observe} a meter's
 * level follows the provider's remaining budget minus what the provider has not counted
 * yet, see {@link ObservationReconciler}.
 */
public final class LocalBudget implements Budget {

	/** Cooldown used when a provider refuses a call without saying how long to wait. */
	public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1);

	private final ReentrantLock lock = new ReentrantLock();

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	private final TimeSource time;

	private final MeterSet meters;

	private final WaitQueue queue = new WaitQueue();

	private final LeaseBook leases;

	private final Cooldown cooldown = new Cooldown();

	private final ObservationReconciler reconciler;

	private long nextId;

	/**
	 * Creates a budget with the configured limits, every meter full.
	 * <p>
	 * It admits a call on a continuously refilling meter only when the meter keeps a
	 * margin after paying: what refills in the {@link LimiterSettings#admissionMargin()
	 * admission margin}. The provider charges a call a little after this budget does (the
	 * request has to travel), while its own bucket may still be spilling refill; the margin
	 * absorbs that skew. It shifts the level once, not the rate: the throughput at
	 * saturation is unchanged. The {@link LimiterSettings#observationLag() observation lag}
	 * is how long before an observation an admission may still be unseen by the provider
	 * (see {@link ObservationReconciler}); zero trusts the provider's figure as is.
	 * @param limits the model's limits
	 * @param time the time source
	 * @param settings the lease timeout, admission margin and observation lag to use
	 */
	public LocalBudget(ModelLimits limits, TimeSource time, LimiterSettings settings) {
		this.time = time;
		ExternalConsumption external = new ExternalConsumption(limits.externalConsumption());
		this.meters = new MeterSet(limits, settings.admissionMargin().toNanos(), external, time);
		this.leases = new LeaseBook(settings.leaseTimeout().toNanos());
		this.reconciler = new ObservationReconciler(settings.observationLag().toNanos(), new InFlightHolds(limits),
				external);
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		return locked((events) -> {
			long now = advance(events);
			Admission tooLarge = this.meters.checkFits(cost);
			if (tooLarge != null) {
				return tooLarge;
			}
			if (this.queue.isEmpty()) {
				Lease lease = admitNow(cost, now);
				if (lease != null) {
					return Admission.granted(lease);
				}
			}
			MeterSet.Wait wait = estimate(this.queue.ahead(null, cost), now);
			boolean tooLong = (wait.nanos() == Admission.UNKNOWN_WAIT) ? maxWaitNanos <= 0
					: wait.nanos() > maxWaitNanos;
			if (tooLong) {
				return Admission.rejected(wait.meter(), wait.nanos());
			}
			Ticket ticket = new Ticket("T" + (++this.nextId), cost);
			this.queue.join(ticket);
			return Admission.queued(ticket, wait.meter(), wait.nanos());
		});
	}

	@Override
	public Admission poll(Ticket ticket) {
		return locked((events) -> {
			long now = advance(events);
			WaitQueue.Waiter waiter = this.queue.find(ticket.id());
			if (waiter == null) {
				throw new IllegalStateException("Unknown or already settled ticket " + ticket.id());
			}
			if (waiter.lease() != null) {
				this.queue.collect(ticket.id());
				return Admission.granted(waiter.lease());
			}
			if (waiter.tooLarge() != null) {
				this.queue.collect(ticket.id());
				return waiter.tooLarge();
			}
			MeterSet.Wait wait = estimate(this.queue.ahead(waiter, null), now);
			return Admission.queued(ticket, wait.meter(), wait.nanos());
		});
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return locked((events) -> {
			WaitQueue.Waiter waiter = this.queue.find(ticket.id());
			boolean wasHead = waiter != null && this.queue.isHead(waiter);
			if (this.queue.leave(ticket.id()) == null) {
				return Optional.empty();
			}
			if (waiter.lease() != null) {
				return Optional.of(waiter.lease());
			}
			if (wasHead) {
				// the head may have been holding back calls that fit now
				advance(events);
			}
			return Optional.empty();
		});
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		return locked((events) -> {
			LeaseBook.HeldLease held = this.leases.close(lease.id());
			if (held == null) {
				return false;
			}
			this.meters.refill(this.time.nanoTime());
			events.changedIf(this.meters.refund(held.debited(), lease.cost().minus(actual)));
			advance(events);
			return true;
		});
	}

	@Override
	public boolean holds(Lease lease) {
		return locked((events) -> {
			advance(events);
			return this.leases.holds(lease.id());
		});
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		locked((events) -> observe(snapshot, null, events));
	}

	@Override
	public void observe(ProviderSnapshot snapshot, Lease call) {
		locked((events) -> observe(snapshot, call.id(), events));
	}

	private Void observe(ProviderSnapshot snapshot, String call, BudgetEvents events) {
		long now = this.time.nanoTime();
		this.meters.refill(now);
		this.reconciler.reconcile(snapshot, call, now, this.meters, this.leases, events);
		if (snapshot.isRateLimited()) {
			Duration retryAfter = (snapshot.retryAfter() != null) ? snapshot.retryAfter() : DEFAULT_COOLDOWN;
			this.cooldown.start(now, retryAfter.toNanos());
		}
		advance(events);
		return null;
	}

	@Override
	public BudgetState state() {
		return locked((events) -> {
			long now = advance(events);
			return new BudgetState(this.meters.states(), this.leases.size(), this.queue.size(),
					this.cooldown.remainingNanos(now));
		});
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.listeners.add(listener);
	}

	/** Runs an operation under the lock, then tells listeners what it changed. */
	private <T> T locked(Function<BudgetEvents, T> operation) {
		BudgetEvents events = new BudgetEvents();
		this.lock.lock();
		try {
			return operation.apply(events);
		}
		finally {
			this.lock.unlock();
			events.fire(this.listeners);
		}
	}

	/** Refills, expires leases and serves the queue; returns the current time. */
	private long advance(BudgetEvents events) {
		long now = this.time.nanoTime();
		this.meters.refill(now);
		this.leases.expire(now, (held) -> {
			this.meters.releaseConcurrency(held.debited(), held.lease().cost());
			events.leaseExpired(held.lease());
		});
		events.changedIf(this.queue.serve(this.meters::checkFits, (cost) -> admitNow(cost, now)));
		return now;
	}

	/** Debits and leases a cost when no cooldown runs and every meter can pay, else {@code null}. */
	private Lease admitNow(Cost cost, long now) {
		if (this.cooldown.isActive(now) || !this.meters.canPay(cost)) {
			return null;
		}
		LocalMeter[] debited = this.meters.debit(cost);
		this.reconciler.admitted(now, cost);
		Lease lease = new Lease("L" + (++this.nextId), cost);
		this.leases.open(lease, now, debited);
		return lease;
	}

	/**
	 * Estimated wait until everything ahead and the call itself can be paid, or until a
	 * cooldown ends when that is later.
	 */
	private MeterSet.Wait estimate(WaitQueue.Ahead ahead, long now) {
		MeterSet.Wait wait = this.meters.waitFor(ahead.perMeter(), ahead.own());
		if (wait.nanos() == Admission.UNKNOWN_WAIT) {
			return wait;
		}
		long cooldownLeft = this.cooldown.remainingNanos(now);
		return (cooldownLeft > wait.nanos()) ? new MeterSet.Wait(null, cooldownLeft) : wait;
	}

}
