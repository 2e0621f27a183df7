package dev.llmratelimit.store.redis;

import java.time.Instant;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.test.ScaledClock;

/**
 * The test kit's {@link ScaledClock} as the engine's {@link TimeSource}: time that runs a
 * fixed number of times faster than real time, so that a test covers several minutes of
 * per-minute limits in a few seconds.
 */
final class ScaledTimeSource extends ScaledClock implements TimeSource {

	ScaledTimeSource(int scale) {
		super(scale, Instant.now());
	}

}
