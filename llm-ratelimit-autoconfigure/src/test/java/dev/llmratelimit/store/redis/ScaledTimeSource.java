package dev.llmratelimit.store.redis;

import java.time.Instant;

import dev.llmratelimit.core.TimeSource;

/**
 * Time that runs a fixed number of times faster than real time, so that a test covers a
 * minute of per-minute limits in a few seconds. Limiters and Redis scripts read it alike.
 */
final class ScaledTimeSource implements TimeSource {

	private final double scale;

	private final long realOrigin = System.nanoTime();

	private final Instant wallOrigin = Instant.now();

	ScaledTimeSource(double scale) {
		this.scale = scale;
	}

	@Override
	public long nanoTime() {
		return (long) ((System.nanoTime() - this.realOrigin) * this.scale);
	}

	@Override
	public Instant now() {
		return this.wallOrigin.plusNanos(nanoTime());
	}

	@Override
	public long toRealNanos(long nanos) {
		return (long) Math.ceil(nanos / this.scale);
	}

}
