package dev.llmratelimit.core.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;

/**
 * Where the provider's true remaining budget of a meter lies, read from a
 * {@link MeterReading}: a range, not a point.
 * <p>
 * Rule (the Redis store reads the range here and applies it in its script):
 * <ol>
 * <li>An exact figure {@code r} is the range {@code [r, r]}.</li>
 * <li>A figure rounded to a step {@code s} (Anthropic's token figures, {@code s = 1000})
 * is {@code [r - s/2, r + s/2]}, clamped to {@code [0, limit]}.</li>
 * <li>For a rounded figure of a continuously refilling meter, the reset time narrows the
 * range: a bucket full in {@code t} seconds holds {@code limit - t * limit / window}, and
 * since the provider rounds the reset instant up to a whole second, the truth lies within
 * one second's refill above that. The narrower intersection is kept when the two overlap;
 * when they do not, the remaining figure alone is trusted.</li>
 * </ol>
 * The {@link #likely() likely} value is the middle of the range.
 *
 * @param low the least the provider may have left
 * @param high the most the provider may have left
 */
public record RemainingRange(double low, double high) {

	private static final long RESET_GRANULARITY_NANOS = Duration.ofSeconds(1).toNanos();

	/**
	 * Reads the range of a reading that has a remaining figure.
	 * @param meter the meter
	 * @param reading the reading, with a remaining figure
	 * @param limit the meter's limit
	 * @param continuous whether the meter refills continuously (not a sliding log)
	 * @return the range
	 */
	public static RemainingRange of(Meter meter, MeterReading reading, long limit, boolean continuous) {
		double remaining = reading.remaining();
		double half = reading.remainingRounding() / 2;
		if (half == 0) {
			return new RemainingRange(remaining, remaining);
		}
		double low = Math.max(0, remaining - half);
		double high = Math.min(limit, remaining + half);
		Duration reset = reading.resetAfter();
		if (continuous && meter.refills() && reset != null && !reset.isNegative()) {
			double perNano = (double) limit / meter.window().orElseThrow().toNanos();
			double fromReset = limit - reset.toNanos() * perNano;
			double resetLow = Math.max(low, fromReset);
			double resetHigh = Math.min(high, fromReset + RESET_GRANULARITY_NANOS * perNano);
			if (resetLow <= resetHigh) {
				return new RemainingRange(resetLow, resetHigh);
			}
		}
		return new RemainingRange(low, Math.max(low, high));
	}

	/**
	 * The best single guess: the middle of the range.
	 * @return the likely remaining budget
	 */
	public double likely() {
		return (this.low + this.high) / 2;
	}

}
