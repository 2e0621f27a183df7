package dev.llmratelimit.store.redis;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.core.internal.MeterState;
import dev.llmratelimit.core.internal.Ticket;

/**
 * This instance's share of a shared budget, kept locally while Redis cannot be reached:
 * every limit, configured or learned, and every level the provider reports is divided by
 * the number of instances, and the budget starts from its share of the last level Redis
 * reported, not full.
 */
final class InstanceShare implements Budget {

	private final LocalBudget local;

	private final int instances;

	/**
	 * Per meter, in {@link Meter} ordinal order, the part of this share's own refunds since
	 * the provider's last figure for the meter that dividing the figure would take away:
	 * the provider's remaining grows by the whole refund, its share by only a part of it.
	 */
	private final double[] refundsOthersGetNoneOf = new double[Meter.values().length];

	private InstanceShare(LocalBudget local, int instances) {
		this.local = local;
		this.instances = instances;
	}

	/**
	 * Creates the share of a model's budget.
	 * @param limits the model's configured limits
	 * @param shared the shared budget as this instance can tell it (Redis's last
	 * report), or {@code null}
	 * @param instances how many instances share the budget
	 * @param factory creates the local budget from this instance's limits
	 * @return the share, with its share of the shared levels less what Redis granted this
	 * instance since it last reported them
	 */
	static InstanceShare of(ModelLimits limits, KnownSharedLevel.Estimate shared, int instances,
			Function<ModelLimits, LocalBudget> factory) {
		Map<Meter, Long> limitsByMeter = new EnumMap<>(Meter.class);
		limitsByMeter.putAll(limits.limits());
		if (shared != null) {
			shared.state().meters().forEach((meter, state) -> limitsByMeter.put(meter, state.limit()));
		}
		ModelLimits.Builder builder = limits.toBuilder();
		limitsByMeter.forEach((meter, limit) -> builder.limit(meter, share(limit, instances)));
		InstanceShare share = new InstanceShare(factory.apply(builder.build()), instances);
		if (shared != null) {
			Map<Meter, MeterReading> levels = new EnumMap<>(Meter.class);
			shared.state().meters().keySet().forEach((meter) -> levels.put(meter, new MeterReading(null,
					Math.max(0, shared.levels()[meter.ordinal()] / instances - shared.grantedSince()[meter.ordinal()]),
					null)));
			share.local.observe(new ProviderSnapshot(ResponseKind.OK, levels, null, null));
		}
		return share;
	}

	@Override
	public synchronized Admission acquire(Cost cost, long maxWaitNanos) {
		return this.local.acquire(cost, maxWaitNanos);
	}

	@Override
	public synchronized Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		return this.local.acquire(cost, maxWaitNanos, claimant);
	}

	@Override
	public synchronized Admission poll(Ticket ticket) {
		return this.local.poll(ticket);
	}

	@Override
	public synchronized Optional<Lease> cancel(Ticket ticket) {
		return this.local.cancel(ticket);
	}

	@Override
	public synchronized boolean settle(Lease lease, Cost actual) {
		if (!this.local.settle(lease, actual)) {
			return false;
		}
		for (Meter meter : Meter.values()) {
			double refund = lease.cost().amount(meter) - actual.amount(meter);
			if (refund > 0) {
				this.refundsOthersGetNoneOf[meter.ordinal()] += refund * (this.instances - 1) / this.instances;
			}
		}
		return true;
	}

	@Override
	public boolean holds(Lease lease) {
		return this.local.holds(lease);
	}

	@Override
	public synchronized void observe(ProviderSnapshot snapshot) {
		Map<Meter, MeterState> before = this.local.state().meters();
		this.local.observe(shareOf(snapshot));
		keepOwnRefunds(snapshot, before);
	}

	@Override
	public synchronized void observe(ProviderSnapshot snapshot, Lease call) {
		Map<Meter, MeterState> before = this.local.state().meters();
		this.local.observe(shareOf(snapshot), call);
		keepOwnRefunds(snapshot, before);
	}

	@Override
	public void requestSent(Lease call) {
		this.local.requestSent(call);
	}

	/**
	 * Gives back what dividing the provider's remaining took of this share's own refunds
	 * since the last figure. The provider's remaining is the sum of every share: a share
	 * given back the unused part of its call's reservation holds more than the others, and
	 * capping it at an equal part would take that away from all of them for good (the
	 * others, below their part, gain nothing). What else the figure takes (spending this
	 * instance does not know of) stays taken.
	 */
	private void keepOwnRefunds(ProviderSnapshot snapshot, Map<Meter, MeterState> before) {
		Map<Meter, MeterState> after = this.local.state().meters();
		Cost.Builder kept = Cost.builder();
		boolean any = false;
		for (Map.Entry<Meter, MeterReading> reading : snapshot.readings().entrySet()) {
			Meter meter = reading.getKey();
			if (reading.getValue().remaining() == null || !before.containsKey(meter) || !after.containsKey(meter)) {
				continue;
			}
			double taken = before.get(meter).available() - after.get(meter).available();
			double back = Math.min(Math.max(0, taken), this.refundsOthersGetNoneOf[meter.ordinal()]);
			this.refundsOthersGetNoneOf[meter.ordinal()] = 0;
			if (back > 0) {
				kept.set(meter, back);
				any = true;
			}
		}
		if (any) {
			this.local.credit(kept.build());
		}
	}

	/**
	 * Gives back a refund of the shared budget: the settlement of one of this instance's
	 * shared leases that cannot reach Redis yet.
	 * @param refund the refund, per meter
	 */
	synchronized void credit(Cost refund) {
		Cost.Builder positive = Cost.builder();
		for (Meter meter : Meter.values()) {
			positive.set(meter, Math.max(0, refund.amount(meter)));
		}
		this.local.credit(positive.build());
	}

	@Override
	public BudgetState state() {
		return this.local.state();
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.local.addListener(listener);
	}

	/** The provider's figures for the whole key, as this instance's share of them. */
	private ProviderSnapshot shareOf(ProviderSnapshot snapshot) {
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		snapshot.readings().forEach((meter, reading) -> readings.put(meter, new MeterReading(
				(reading.limit() != null) ? share(reading.limit(), this.instances) : null,
				(reading.remaining() != null) ? reading.remaining() / this.instances : null, reading.resetAfter())));
		return new ProviderSnapshot(snapshot.kind(), readings, snapshot.retryAfter(), snapshot.throttledMeter());
	}

	private static long share(long limit, int instances) {
		return Math.max(1, limit / instances);
	}

	@Override
	public String toString() {
		return "InstanceShare[1/" + this.instances + " of " + this.local + "]";
	}

}
