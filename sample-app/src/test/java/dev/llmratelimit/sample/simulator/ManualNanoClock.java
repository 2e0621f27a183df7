package dev.llmratelimit.sample.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nano clock that only moves when a test says so.
 */
final class ManualNanoClock implements LongSupplier {

	private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

	@Override
	public long getAsLong() {
		return this.nanos.get();
	}

	/**
	 * Moves time forward.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
