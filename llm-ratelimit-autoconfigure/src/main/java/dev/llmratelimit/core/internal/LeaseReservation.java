package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * A {@link Reservation} backed by a {@link Lease} of a model's {@link Budget}. Settling a
 * lease that already expired is allowed and changes nothing: a slow call must not fail
 * after it returned.
 */
final class LeaseReservation implements Reservation {

	private final BudgetLimiter limiter;

	private final ManagedModel model;

	private final Lease lease;

	private final long estimatedInputTokens;

	private final long inputTokens;

	private final long maxTokens;

	private final long waitedNanos;

	private final boolean routed;

	private final AtomicBoolean settled = new AtomicBoolean();

	private volatile boolean throttled;

	private volatile ProviderSnapshot observedError;

	LeaseReservation(BudgetLimiter limiter, ManagedModel model, Lease lease, long estimatedInputTokens,
			long inputTokens, long maxTokens, long waitedNanos, boolean routed) {
		this.routed = routed;
		this.limiter = limiter;
		this.model = model;
		this.lease = lease;
		this.estimatedInputTokens = estimatedInputTokens;
		this.inputTokens = inputTokens;
		this.maxTokens = maxTokens;
		this.waitedNanos = waitedNanos;
	}

	@Override
	public String model() {
		return this.model.id();
	}

	@Override
	public boolean isRouted() {
		return this.routed;
	}

	@Override
	public long inputTokens() {
		return this.inputTokens;
	}

	@Override
	public long maxTokens() {
		return this.maxTokens;
	}

	@Override
	public Duration waited() {
		return Duration.ofNanos(this.waitedNanos);
	}

	Lease lease() {
		return this.lease;
	}

	@Override
	public void complete(LlmUsage usage) {
		if (usage == null) {
			throw new IllegalArgumentException("usage must not be null; use completeAsReserved() when it is unknown");
		}
		markSettled();
		AccountingRule rule = this.model.rule();
		Cost actual = rule.usageCost(this.lease.cost(), usage);
		settle(Settlement.COMPLETED, actual, usage);
		calibrate(rule.countedInputTokens(usage));
	}

	@Override
	public void completeAsReserved() {
		markSettled();
		Cost actual = this.lease.cost().minus(concurrencyOnly());
		settle(Settlement.COMPLETED, actual, null);
	}

	@Override
	public void fail(Throwable failure) {
		markSettled();
		// an HTTP hook that already reported the error response must not have it counted twice
		ProviderSnapshot seen = this.observedError;
		Optional<ProviderSnapshot> snapshot = (seen != null) ? Optional.of(seen)
				: this.limiter.observeFailure(this.model, failure, this.lease);
		boolean throttled = snapshot.map(ProviderSnapshot::isRateLimited).orElse(false);
		this.throttled = throttled;
		Cost actual = throttled ? throttledCost(snapshot.get().throttledMeter())
				: this.model.rule().failureCost(this.lease.cost());
		settle(throttled ? Settlement.THROTTLED : Settlement.FAILED, actual, null);
	}

	/**
	 * What a call the provider refused keeps: nothing, per the accounting rule, except on
	 * the meter the refusal names. The provider reported that meter empty (the budget was
	 * just capped at zero); giving this call's share back would let the next caller out
	 * into another 429.
	 */
	private Cost throttledCost(Meter emptied) {
		Cost reserved = this.lease.cost();
		Cost refunded = this.model.rule().throttledCost(reserved);
		if (emptied == null) {
			return refunded;
		}
		double kept = Math.max(0, reserved.amount(emptied) - refunded.amount(emptied));
		return refunded.plus(Cost.builder().set(emptied, kept).build());
	}

	@Override
	public void cancel() {
		markSettled();
		settle(Settlement.CANCELLED, Cost.ZERO, null);
	}

	@Override
	public boolean isSettled() {
		return this.settled.get() || !this.model.budget().holds(this.lease);
	}

	@Override
	public boolean isThrottled() {
		return this.throttled;
	}

	@Override
	public void requestSent() {
		if (!this.settled.get()) {
			this.model.budget().requestSent(this.lease);
		}
	}

	@Override
	public void requestSent(String model) {
		if (this.model.answersTo(model)) {
			requestSent();
		}
	}

	@Override
	public void observe(ProviderResponse response) {
		ProviderSnapshot snapshot = this.limiter.observe(this.model, response, this.lease);
		this.observedError = (response.status() >= 400) ? snapshot : null;
	}

	@Override
	public void observe(String model, ProviderResponse response) {
		if (this.model.answersTo(model)) {
			observe(response);
			return;
		}
		// another model's failure may surface as this call's: it is not this model's refusal
		this.observedError = (response.status() >= 400) ? ProviderSnapshot.EMPTY : null;
		this.limiter.observe(model, response);
	}

	/**
	 * Teaches the model's input calibration. A usage whose input is exactly what was
	 * reserved teaches nothing: it is what callers report when they only know the output
	 * (and learning from it would feed the calibration its own ratio back).
	 */
	private void calibrate(long countedInput) {
		if (countedInput != this.inputTokens) {
			this.model.calibration().record(this.estimatedInputTokens, countedInput);
		}
	}

	private void settle(Settlement outcome, Cost actual, LlmUsage usage) {
		this.model.budget().settleInBackground(this.lease, actual);
		this.limiter.listeners().settled(model(), outcome, this.lease.cost(), actual, usage);
	}

	private Cost concurrencyOnly() {
		return Cost.builder()
			.set(Meter.CONCURRENT_REQUESTS,
					this.lease.cost().amount(Meter.CONCURRENT_REQUESTS))
			.build();
	}

	private void markSettled() {
		if (!this.settled.compareAndSet(false, true)) {
			throw new IllegalStateException("Reservation for model '" + model() + "' was already settled");
		}
	}

	@Override
	public String toString() {
		return "Reservation[model=" + model() + ", input=" + this.inputTokens + ", maxTokens=" + this.maxTokens
				+ ", settled=" + isSettled() + "]";
	}

}
