package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.TimeSource;

/**
 * A model's budget held in this JVM: continuous-refill buckets per meter (or sliding logs
 * for providers that meter that way, see {@link ModelLimits.Refill}), a concurrency
 * counter, a queue of waiting calls (by priority, first come first served within one,
 * keys taking turns), leases that expire, the share each key holds, and a provider
 * cooldown. One lock per model makes every operation atomic across all meters.
 * <p>
 * This class coordinates parts that each have one job, all guarded by its lock:
 * {@link MeterSet} (the meters and the admission margin), {@link WaitQueue} (the line by
 * priority and key), {@link KeyShares} (what each key holds), {@link LeaseBook} (leases
 * held and their expiry), {@link Cooldown} (a provider's retry-after) and
 * {@link ObservationReconciler} (what the provider's figures teach, with its rules
 * {@link LimitLearning}, {@link RemainingRange}, {@link UnseenAdmissions},
 * {@link InFlightHolds}, {@link ExternalConsumption} and {@link LimitCuts}, which tells
 * the refusals that start no cooldown).
 * Listeners hear about changes through {@link BudgetEvents} once the lock is released.
 * <p>
 * What the provider reports bounds what this budget admits: on {@link #observe} a meter's
 * level follows the provider's remaining budget minus what the provider has not counted
 * yet, see {@link ObservationReconciler}.
 */
public final class LocalBudget implements Budget {

	/** Cooldown used when a provider refuses a call without saying how long to wait. */
	public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1);

	/** How full a key's share must be for {@link #state()} to list the key. */
	private static final double NEAR_SHARE = 0.8;

	/** Most keys {@link #state()} lists. */
	private static final int MAX_KEYS_SHOWN = 10;

	private final ReentrantLock lock = new ReentrantLock();

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	private final TimeSource time;

	private final MeterSet meters;

	private final WaitQueue queue = new WaitQueue();

	private final LeaseBook leases;

	private final Cooldown cooldown = new Cooldown();

	private final ObservationReconciler reconciler;

	private final double lowPriorityReserve;

	private final KeyShares keyShares;

	/** Key each held lease was charged under, for leases of calls with a key; created at the first. */
	private Map<String, String> leaseKeys;

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
		this.reconciler = new ObservationReconciler(new UnseenAdmissions(settings.observationLag().toNanos()),
				new InFlightHolds(limits), external);
		this.lowPriorityReserve = limits.lowPriorityReserve();
		this.keyShares = new KeyShares(limits.maxSharePerKey());
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		return acquire(cost, maxWaitNanos, Claimant.NORMAL);
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		return locked((events) -> {
			long now = advance(events);
			Admission tooLarge = this.meters.checkFits(cost);
			if (tooLarge != null) {
				return tooLarge;
			}
			if (this.queue.noneAtOrAbove(claimant.priority())) {
				Lease lease = admitNow(cost, claimant, now);
				if (lease != null) {
					return Admission.granted(lease);
				}
			}
			MeterSet.Wait wait = estimate(this.queue.ahead(null, cost, claimant.priority()), claimant, now);
			boolean tooLong = (wait.nanos() == Admission.UNKNOWN_WAIT) ? maxWaitNanos <= 0
					: wait.nanos() > maxWaitNanos;
			if (tooLong) {
				return Admission.rejected(wait.meter(), wait.nanos());
			}
			Ticket ticket = new Ticket("T" + (++this.nextId), cost);
			WaitQueue.Waiter waiter = this.queue.join(ticket, claimant);
			// keys take turns: one whose share is free may go past others waiting for theirs
			serve(now, events);
			if (waiter.lease() != null) {
				this.queue.collect(ticket.id());
				return Admission.granted(waiter.lease());
			}
			return queued(ticket, wait, now);
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
			MeterSet.Wait wait = estimate(this.queue.ahead(waiter, null, null), waiter.claimant(), now);
			return queued(ticket, wait, now);
		});
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return locked((events) -> {
			WaitQueue.Waiter waiter = this.queue.leave(ticket.id());
			if (waiter == null) {
				return Optional.empty();
			}
			if (waiter.lease() != null) {
				return Optional.of(waiter.lease());
			}
			// the call may have been holding back calls that fit now
			advance(events);
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
			long now = this.time.nanoTime();
			this.meters.refill(now);
			Cost refund = lease.cost().minus(actual);
			events.changedIf(this.meters.refund(held.debited(), refund));
			String key = forgetLeaseKey(lease.id());
			if (key != null) {
				this.keyShares.refund(key, refund, this.meters, now);
				events.changed();
			}
			advance(events);
			return true;
		});
	}

	/**
	 * Gives back budget that calls admitted elsewhere no longer need: a shared store's
	 * fallback learns of refunds of shared leases it cannot pass on yet.
	 * @param amount what to give back per meter, never above a limit
	 */
	public void credit(Cost amount) {
		locked((events) -> {
			this.meters.refill(this.time.nanoTime());
			events.changedIf(this.meters.credit(amount));
			advance(events);
			return null;
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

	@Override
	public void requestSent(Lease call) {
		locked((events) -> {
			this.leases.sent(call.id(), this.time.nanoTime());
			return null;
		});
	}

	private Void observe(ProviderSnapshot snapshot, String call, BudgetEvents events) {
		long now = this.time.nanoTime();
		this.meters.refill(now);
		this.reconciler.reconcile(snapshot, call, now, this.meters, this.leases, events);
		if (snapshot.isRateLimited() && !this.reconciler.explainedByCut(snapshot, call, this.leases)) {
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
					this.cooldown.remainingNanos(now), this.queue.sizeByPriority(),
					this.keyShares.nearShare(this.meters, now, NEAR_SHARE, MAX_KEYS_SHOWN));
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
			String key = forgetLeaseKey(held.lease().id());
			if (key != null) {
				this.keyShares.releaseConcurrency(key, held.lease().cost(), this.meters, now);
			}
			events.leaseExpired(held.lease());
		});
		serve(now, events);
		return now;
	}

	private void serve(long now, BudgetEvents events) {
		this.queue.serve(this.meters::checkFits,
				(waiter) -> this.keyShares.canPay(waiter.claimant().key(), waiter.ticket().cost(), this.meters, now),
				(waiter) -> admitNow(waiter.ticket().cost(), waiter.claimant(), now), events::ticketServed);
	}

	/**
	 * Debits and leases a cost when no cooldown runs, every meter can pay (keeping the
	 * low-priority reserve for a low-priority call) and the call's key stays within its
	 * share, else {@code null}.
	 */
	private Lease admitNow(Cost cost, Claimant claimant, long now) {
		if (this.cooldown.isActive(now) || !this.meters.canPay(cost, reserve(claimant))
				|| !this.keyShares.canPay(claimant.key(), cost, this.meters, now)) {
			return null;
		}
		LocalMeter[] debited = this.meters.debit(cost);
		Lease lease = new Lease("L" + (++this.nextId), cost);
		this.leases.open(lease, now, debited);
		String key = this.keyShares.debit(claimant.key(), cost, this.meters, now);
		if (key != null) {
			if (this.leaseKeys == null) {
				this.leaseKeys = new HashMap<>();
			}
			this.leaseKeys.put(lease.id(), key);
		}
		return lease;
	}

	private String forgetLeaseKey(String leaseId) {
		return (this.leaseKeys != null) ? this.leaseKeys.remove(leaseId) : null;
	}

	/**
	 * A place in the queue. A wait of unknown length (calls in flight must finish first)
	 * is looked at again when the first lease held expires: an expiry gives back a slot,
	 * but nothing announces it.
	 */
	private Admission queued(Ticket ticket, MeterSet.Wait wait, long now) {
		long recheck = (wait.nanos() == Admission.UNKNOWN_WAIT) ? this.leases.nanosUntilFirstExpiry(now)
				: Admission.UNKNOWN_WAIT;
		return Admission.queued(ticket, wait.meter(), wait.nanos(), recheck);
	}

	private double reserve(Claimant claimant) {
		return (claimant.priority() == Priority.LOW) ? this.lowPriorityReserve : 0;
	}

	/**
	 * Estimated wait until everything ahead and the call itself can be paid, or until a
	 * cooldown ends when that is later.
	 */
	private MeterSet.Wait estimate(WaitQueue.Ahead ahead, Claimant claimant, long now) {
		MeterSet.Wait wait = this.meters.waitFor(ahead.perMeter(), ahead.own(), reserve(claimant));
		if (wait.nanos() == Admission.UNKNOWN_WAIT) {
			return wait;
		}
		long share = (ahead.own() != null)
				? this.keyShares.nanosUntil(claimant.key(), ahead.own(), this.meters, now) : 0;
		if (share == Admission.UNKNOWN_WAIT) {
			return new MeterSet.Wait(Meter.CONCURRENT_REQUESTS, Admission.UNKNOWN_WAIT);
		}
		if (share > wait.nanos()) {
			wait = new MeterSet.Wait(wait.meter(), share);
		}
		long cooldownLeft = this.cooldown.remainingNanos(now);
		return (cooldownLeft > wait.nanos()) ? new MeterSet.Wait(null, cooldownLeft) : wait;
	}

}
