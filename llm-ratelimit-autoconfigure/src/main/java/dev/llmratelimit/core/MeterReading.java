package dev.llmratelimit.core;

import java.time.Duration;

/**
 * What a provider reported about one meter. Any part may be missing.
 *
 * @param limit the meter's limit, or {@code null}
 * @param remaining what is left, or {@code null}
 * @param resetAfter time until the meter is full again, or {@code null}
 */
public record MeterReading(Long limit, Double remaining, Duration resetAfter) {

	/**
	 * Whether the reading says anything at all.
	 * @return {@code true} when any part is present
	 */
	public boolean isEmpty() {
		return this.limit == null && this.remaining == null && this.resetAfter == null;
	}

}
