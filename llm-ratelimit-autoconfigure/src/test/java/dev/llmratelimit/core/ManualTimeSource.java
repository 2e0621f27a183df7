package dev.llmratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that only moves when a test says so.
 */
public final class ManualTimeSource implements TimeSource {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final Instant start = Instant.parse("2026-02-25T20:00:00Z");

	private final long startNanos = this.nanos.get();

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public Instant now() {
		return this.start.plusNanos(this.nanos.get() - this.startNanos);
	}

	/**
	 * Moves time forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
