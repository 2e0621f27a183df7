package dev.llmratelimit.test;

import java.time.Instant;

/**
 * Real time.
 */
final class SystemClock implements SimulationClock {

	static final SystemClock INSTANCE = new SystemClock();

	private SystemClock() {
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public Instant now() {
		return Instant.now();
	}

}
