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

}
