package dev.llmratelimit.test;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that runs a fixed number of times faster than real time, shared by the simulated
 * provider, its latency, its {@code retry-after-ms} header, the limiters and the clients so
 * that all of them agree on what a simulated second is. Minutes of traffic take seconds,
 * but every thread really runs: unlike a {@link ManualClock}, it shows the latency between
 * an admission and the provider's charge.
 */
public class ScaledClock implements SimulationClock {

	private final int scale;

	private final long realOrigin;

	private final Instant epoch;

	/**
	 * Creates a clock starting now.
	 * @param scale simulated seconds per real second, at least 1
	 * @param epoch the simulated wall-clock instant at the start
	 */
	public ScaledClock(int scale, Instant epoch) {
		this(scale, epoch, System.nanoTime());
	}

	ScaledClock(int scale, Instant epoch, long realOrigin) {
		if (scale < 1) {
			throw new IllegalArgumentException("scale must be at least 1, was " + scale);
		}
		this.scale = scale;
		this.epoch = epoch;
		this.realOrigin = realOrigin;
	}

	/**
	 * Simulated seconds per real second.
	 * @return the scale
	 */
	public int scale() {
		return this.scale;
	}

	@Override
	public long nanoTime() {
		return toSimulatedNanos(System.nanoTime() - this.realOrigin);
	}

	@Override
	public Instant now() {
		return this.epoch.plusNanos(nanoTime());
	}

	@Override
	public long toRealNanos(long nanos) {
		return nanos / this.scale;
	}

	/**
	 * Converts real elapsed nanoseconds into simulated ones.
	 * @param realNanos a real duration
	 * @return the simulated duration
	 */
	public long toSimulatedNanos(long realNanos) {
		return realNanos * this.scale;
	}

	/**
	 * Converts a simulated duration into the real one.
	 * @param simulated a simulated duration
	 * @return the real duration
	 */
	public Duration toReal(Duration simulated) {
		return Duration.ofNanos(toRealNanos(simulated.toNanos()));
	}

}
