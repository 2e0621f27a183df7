package dev.llmratelimit;

import java.util.Locale;

/**
 * Where the limit of a meter came from.
 */
public enum LimitSource {

	/** Configured in {@code llm.ratelimit.models.*}. */
	CONFIG,

	/** Reported by the provider in its rate-limit headers. */
	HEADERS;

	/**
	 * Lowercase name used in the Actuator endpoint.
	 * @return {@code config} or {@code headers}
	 */
	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return jsonName();
	}

}
