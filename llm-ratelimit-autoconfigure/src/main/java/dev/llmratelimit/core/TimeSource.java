package dev.llmratelimit.core;

import java.time.Instant;

/**
 * Where the engine reads time. Injected so that tests drive a manual clock and never
 * sleep, and so that a simulation can run faster than real time.
 */
public interface TimeSource {

	/**
	 * Monotonic time in nanoseconds, only meaningful as a difference.
	 * @return the current monotonic time
	 */
	long nanoTime();

	/**
	 * Wall-clock time, used for instants reported by providers and shown to people.
	 * @return the current instant
	 */
	Instant now();

	/**
	 * Converts a duration on this time source into real nanoseconds to block a thread for.
	 * @param nanos a duration measured by {@link #nanoTime()}
	 * @return the real time to wait
	 */
	default long toRealNanos(long nanos) {
		return nanos;
	}

	/**
	 * The system's clocks.
	 * @return a time source backed by {@link System#nanoTime()} and {@link Instant#now()}
	 */
	static TimeSource system() {
		return SystemTimeSource.INSTANCE;
	}

}
