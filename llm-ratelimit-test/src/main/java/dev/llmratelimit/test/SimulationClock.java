package dev.llmratelimit.test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The time a simulation runs on: a monotonic nano clock, the wall-clock instant it stands
 * for, and how its durations map to real ones. The simulated provider, its latency and the
 * client under test read the same clock, so they agree on what a second is.
 * <p>
 * The methods match those of llm-ratelimit's {@code TimeSource}, so a test adapts a clock
 * to the engine with a one-line subclass or lambda, without this kit depending on the
 * engine.
 */
public interface SimulationClock {

	/**
	 * Monotonic time in nanoseconds, only meaningful as a difference.
	 * @return the current monotonic time
	 */
	long nanoTime();

	/**
	 * The wall-clock instant of {@link #nanoTime()}.
	 * @return the current instant
	 */
	Instant now();

	/**
	 * Converts a duration on this clock into the real nanoseconds a thread blocks for.
	 * @param nanos a duration measured by {@link #nanoTime()}
	 * @return the real duration
	 */
	default long toRealNanos(long nanos) {
		return nanos;
	}

	/**
	 * Lets a duration of this clock pass for the calling thread.
	 * @param duration how long, on this clock
	 * @throws InterruptedException if interrupted while waiting
	 */
	default void sleep(Duration duration) throws InterruptedException {
		long realNanos = toRealNanos(duration.toNanos());
		if (realNanos > 0) {
			TimeUnit.NANOSECONDS.sleep(realNanos);
		}
	}

	/**
	 * The system's clocks.
	 * @return a clock backed by {@link System#nanoTime()} and {@link Instant#now()}
	 */
	static SimulationClock system() {
		return SystemClock.INSTANCE;
	}

}
