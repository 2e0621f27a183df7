package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.Arrays;

/**
 * Percentiles of how long calls waited, nearest-rank.
 */
final class WaitStatistics {

	private WaitStatistics() {
	}

	/**
	 * The nearest-rank percentile of some durations.
	 * @param nanos the durations in nanoseconds (sorted in place)
	 * @param percentile the percentile, between 0 (exclusive) and 100
	 * @return the percentile, zero when there are no durations
	 */
	static Duration percentile(long[] nanos, double percentile) {
		if (nanos.length == 0) {
			return Duration.ZERO;
		}
		Arrays.sort(nanos);
		int rank = (int) Math.ceil(percentile / 100 * nanos.length);
		return Duration.ofNanos(nanos[Math.max(0, Math.min(nanos.length, rank) - 1)]);
	}

}
