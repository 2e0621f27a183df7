package dev.llmratelimit.benchmarks.scale;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmratelimit.core.TimeSource;

/**
 * A {@link TimeSource} that moves only when stepped, and whose every timed wait lasts an
 * hour of real time per second of its own. A waiter therefore only moves on when it is
 * signalled: a lost wake-up shows as a waiter that never comes back.
 */
final class SteppedTimeSource implements TimeSource {

	private static final long REAL_NANOS_PER_NANO = 3600;

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

	private final long startNanos = this.nanos.get();

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public Instant now() {
		return this.start.plusNanos(this.nanos.get() - this.startNanos);
	}

	@Override
	public long toRealNanos(long nanos) {
		return (nanos > Long.MAX_VALUE / REAL_NANOS_PER_NANO) ? Long.MAX_VALUE / 2 : nanos * REAL_NANOS_PER_NANO;
	}

	/**
	 * Moves time forward.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
