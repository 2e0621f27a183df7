package dev.llmratelimit.sample.learning;

import java.time.Instant;
import java.util.function.LongSupplier;

import dev.llmratelimit.core.TimeSource;

/**
 * One manual clock for both the simulated provider and the limiter, so a run of minutes of
 * simulated traffic takes milliseconds and always ends the same way.
 */
final class SharedClock implements TimeSource, LongSupplier {

	private static final Instant START = Instant.parse("2026-02-25T20:00:00Z");

	private long nanos = 1_000_000_000L;

	private final long startNanos = this.nanos;

	@Override
	public long nanoTime() {
		return this.nanos;
	}

	@Override
	public long getAsLong() {
		return this.nanos;
	}

	@Override
	public Instant now() {
		return START.plusNanos(this.nanos - this.startNanos);
	}

	/**
	 * Moves the clock to a later instant; an earlier one leaves it where it is.
	 * @param target the instant in nanos
	 */
	void moveTo(long target) {
		this.nanos = Math.max(this.nanos, target);
	}

}
