package dev.llmratelimit.core;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * A provider response reduced to what the budget learns from it: per-meter readings, the
 * kind of response and, for a refusal, how long to stay away.
 *
 * @param kind what the response means
 * @param readings what the provider reported per meter
 * @param retryAfter how long the provider asked to wait, or {@code null}
 * @param throttledMeter the meter a refusal names, or {@code null}
 */
public record ProviderSnapshot(ResponseKind kind, Map<Meter, MeterReading> readings, Duration retryAfter,
		Meter throttledMeter) {

	/** A snapshot that teaches nothing. */
	public static final ProviderSnapshot EMPTY = new ProviderSnapshot(ResponseKind.OK, Map.of(), null, null);

	/**
	 * Copies the readings into an unmodifiable map.
	 */
	public ProviderSnapshot {
		readings = readings.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(readings));
	}

	/**
	 * Whether the provider refused the call with a rate limit.
	 * @return {@code true} for {@link ResponseKind#RATE_LIMITED}
	 */
	public boolean isRateLimited() {
		return this.kind == ResponseKind.RATE_LIMITED;
	}

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

	/**
	 * What a provider's response means for rate limiting.
	 */
	public enum ResponseKind {

		/** A successful call. */
		OK,

		/** Refused by a rate limit: waiting helps. */
		RATE_LIMITED,

		/** Refused for lack of credit or a spend cap: waiting does not help. */
		QUOTA_EXHAUSTED,

		/** The provider is overloaded (for example Anthropic's 529): not a quota signal. */
		OVERLOADED,

		/** Any other failure. */
		OTHER_ERROR

	}

}
