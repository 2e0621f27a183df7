package dev.llmratelimit.benchmarks.utilization;

import java.time.Instant;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.test.ScaledClock;

/**
 * The test kit's {@link ScaledClock} as the engine's {@link TimeSource}: the simulated
 * provider, its latency, the limiters and the clients all read it.
 */
public final class SimulatedTime extends ScaledClock implements TimeSource {

	/**
	 * Creates a clock starting now.
	 * @param scale simulated seconds per real second, at least 1
	 * @param epoch the simulated wall-clock instant at the start
	 */
	public SimulatedTime(int scale, Instant epoch) {
		super(scale, epoch);
	}

}
