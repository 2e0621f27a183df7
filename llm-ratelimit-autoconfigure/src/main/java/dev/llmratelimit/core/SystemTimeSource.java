package dev.llmratelimit.core;

import java.time.Instant;

/**
 * {@link TimeSource} backed by the system's clocks.
 */
final class SystemTimeSource implements TimeSource {

	static final SystemTimeSource INSTANCE = new SystemTimeSource();

	private SystemTimeSource() {
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
