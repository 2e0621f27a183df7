package dev.llmratelimit.core;

import java.time.Duration;

/**
 * What a provider reported about one meter. Any part may be missing.
 *
 * @param limit the meter's limit, or {@code null}
 * @param remaining what is left, or {@code null}
 * @param resetAfter time until the meter is full again, or {@code null}
 * @param remainingRounding the step the provider rounds {@code remaining} to (Anthropic
 * rounds token figures to the nearest 1000), zero when the figure is exact: the true
 * remaining lies within half a step of the figure
 */
public record MeterReading(Long limit, Double remaining, Duration resetAfter, double remainingRounding) {

	/**
	 * Validates the rounding step.
	 */
	public MeterReading {
		if (!(remainingRounding >= 0) || Double.isInfinite(remainingRounding)) {
			throw new IllegalArgumentException("remainingRounding must be zero or positive, was " + remainingRounding);
		}
	}

	/**
	 * A reading whose remaining figure is exact.
	 * @param limit the meter's limit, or {@code null}
	 * @param remaining what is left, or {@code null}
	 * @param resetAfter time until the meter is full again, or {@code null}
	 */
	public MeterReading(Long limit, Double remaining, Duration resetAfter) {
		this(limit, remaining, resetAfter, 0);
	}

	/**
	 * Whether the reading says anything at all.
	 * @return {@code true} when any part is present
	 */
	public boolean isEmpty() {
		return this.limit == null && this.remaining == null && this.resetAfter == null;
	}

}
