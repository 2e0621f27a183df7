package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Turns amounts of a time unit into durations, refusing what no provider would mean.
 */
final class Durations {

	/** Longest wait or reset believed: a provider's daily meter resets within a day. */
	static final Duration MAX = Duration.ofDays(1);

	private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(MAX.toNanos());

	private Durations() {
	}

	/**
	 * Duration of an amount of nanoseconds, rounded up to a whole nanosecond.
	 * @param nanos the amount, not negative
	 * @return the duration, or {@code null} when longer than {@link #MAX}
	 */
	static Duration ofNanos(BigDecimal nanos) {
		if (nanos.signum() < 0 || nanos.compareTo(MAX_NANOS) > 0) {
			return null;
		}
		return Duration.ofNanos(nanos.setScale(0, RoundingMode.CEILING).longValueExact());
	}

}
