package dev.llmratelimit.benchmarks.scale;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.test.ManualClock;

/**
 * A {@link TimeSource} that moves only when stepped, and whose every timed wait lasts an
 * hour of real time per second of its own. A waiter therefore only moves on when it is
 * signalled: a lost wake-up shows as a waiter that never comes back.
 */
final class SteppedTimeSource extends ManualClock implements TimeSource {

	private static final long REAL_NANOS_PER_NANO = 3600;

	@Override
	public long toRealNanos(long nanos) {
		return (nanos > Long.MAX_VALUE / REAL_NANOS_PER_NANO) ? Long.MAX_VALUE / 2 : nanos * REAL_NANOS_PER_NANO;
	}

}
