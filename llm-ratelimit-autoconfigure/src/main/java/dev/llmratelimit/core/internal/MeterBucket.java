package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * One meter of a local budget: a bucket that refills continuously up to its limit, or,
 * for the concurrency counter, a bucket that never refills and gets its units back when
 * calls settle. The level may go below zero (debt) when calls use more than they
 * reserved. Not thread-safe: guarded by its budget's lock.
 */
final class MeterBucket extends LevelMeter {

	private long lastRefillNanos;

	MeterBucket(Meter meter, long limit, LimitSource source, long nowNanos) {
		super(meter, limit, source);
		this.lastRefillNanos = nowNanos;
	}

	@Override
	public void refill(long nowNanos) {
		long elapsed = nowNanos - this.lastRefillNanos;
		if (elapsed > 0 && this.windowNanos > 0 && this.level < this.limit) {
			// multiply before dividing: whole windows refill to exactly the limit
			this.level = Math.min(this.limit, this.level + (double) elapsed * this.limit / this.windowNanos);
		}
		this.lastRefillNanos = Math.max(this.lastRefillNanos, nowNanos);
	}

	@Override
	public long nanosUntil(double amount) {
		if (canPay(amount)) {
			return 0;
		}
		if (this.windowNanos == 0) {
			return Admission.UNKNOWN_WAIT;
		}
		double nanos = Math.ceil((amount - this.level) * this.windowNanos / this.limit);
		return (nanos >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) nanos;
	}

	@Override
	public boolean refillsContinuously() {
		return this.windowNanos > 0;
	}

}
