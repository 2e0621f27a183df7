package dev.llmratelimit.test.simulator;

/**
 * A per-minute meter the simulated provider enforces, named like the
 * {@code anthropic-ratelimit-*} header family that reports it.
 */
public enum SimulatedMeter {

	/** Requests per minute. */
	REQUESTS("requests", "requests-per-minute"),

	/** Input tokens per minute. */
	INPUT_TOKENS("input-tokens", "input-tokens-per-minute"),

	/** Output tokens per minute. */
	OUTPUT_TOKENS("output-tokens", "output-tokens-per-minute"),

	/** Input and output tokens per minute together. */
	TOKENS("tokens", "tokens-per-minute");

	private final String headerFamily;

	private final String propertyName;

	SimulatedMeter(String headerFamily, String propertyName) {
		this.headerFamily = headerFamily;
		this.propertyName = propertyName;
	}

	/**
	 * Middle part of the meter's headers, as in
	 * {@code anthropic-ratelimit-input-tokens-remaining}.
	 * @return the header family
	 */
	public String headerFamily() {
		return this.headerFamily;
	}

	/**
	 * Name of the matching llm-ratelimit meter, such as {@code input-tokens-per-minute}.
	 * @return the property name
	 */
	public String propertyName() {
		return this.propertyName;
	}

	/**
	 * Whether the meter counts tokens rather than requests.
	 * @return {@code true} for token meters
	 */
	public boolean countsTokens() {
		return this != REQUESTS;
	}

}
