package dev.llmratelimit.core;

import dev.llmratelimit.LimitSource;
import dev.llmratelimit.Meter;

/**
 * One meter of a local budget: a bucket that refills continuously up to its limit, or,
 * for the concurrency counter, a bucket that never refills and gets its units back when
 * calls settle. The level may go below zero (debt) when calls use more than they
 * reserved. Not thread-safe: guarded by its budget's lock.
 */
final class MeterBucket {

	private final Meter meter;

	private long limit;

	private double ratePerNano;

	private double level;

	private long lastRefillNanos;

	private LimitSource source;

	MeterBucket(Meter meter, long limit, LimitSource source, long nowNanos) {
		this.meter = meter;
		this.level = limit;
		this.lastRefillNanos = nowNanos;
		setLimit(limit, source);
	}

	Meter meter() {
		return this.meter;
	}

	long limit() {
		return this.limit;
	}

	LimitSource source() {
		return this.source;
	}

	double level() {
		return this.level;
	}

	void refill(long nowNanos) {
		long elapsed = nowNanos - this.lastRefillNanos;
		if (elapsed > 0 && this.ratePerNano > 0 && this.level < this.limit) {
			this.level = Math.min(this.limit, this.level + elapsed * this.ratePerNano);
		}
		this.lastRefillNanos = Math.max(this.lastRefillNanos, nowNanos);
	}

	/**
	 * Nanoseconds until the level reaches {@code amount}: zero if it already has, -1 if it
	 * never will by refilling alone.
	 */
	long nanosUntil(double amount) {
		if (this.level >= amount) {
			return 0;
		}
		if (this.ratePerNano <= 0) {
			return Admission.UNKNOWN_WAIT;
		}
		double nanos = Math.ceil((amount - this.level) / this.ratePerNano);
		return (nanos >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) nanos;
	}

	void debit(double amount) {
		this.level -= amount;
	}

	void credit(double amount) {
		this.level = Math.min(this.limit, this.level + amount);
	}

	/** Lowers the level to what the provider reports, never raising it. */
	void capAt(double remaining) {
		this.level = Math.min(this.level, remaining);
	}

	void setLimit(long newLimit, LimitSource newSource) {
		if (this.limit > 0) {
			// what was used stays used: the level moves with the limit
			this.level += newLimit - this.limit;
		}
		this.limit = newLimit;
		this.level = Math.min(this.level, newLimit);
		this.ratePerNano = this.meter.window().map((window) -> (double) newLimit / window.toNanos()).orElse(0.0);
		this.source = newSource;
	}

}
