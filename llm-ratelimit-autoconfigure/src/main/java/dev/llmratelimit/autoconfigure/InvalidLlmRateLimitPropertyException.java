package dev.llmratelimit.autoconfigure;

/**
 * Thrown at startup when an {@code llm.ratelimit.*} property has a value the limiter cannot
 * use. The message names the property and the value.
 */
class InvalidLlmRateLimitPropertyException extends IllegalStateException {

	private final String property;

	private final String action;

	/**
	 * Creates an exception for a bad property value.
	 * @param property the full property name, for example
	 * {@code llm.ratelimit.models[gpt-4o].tokens-per-minute}
	 * @param problem what is wrong, for example {@code must be positive, was -5}
	 * @param action what the user should do about it
	 */
	public InvalidLlmRateLimitPropertyException(String property, String problem, String action) {
		super(property + " " + problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * Property with the bad value.
	 * @return the full property name
	 */
	public String property() {
		return this.property;
	}

	/**
	 * What the user should do to fix the configuration.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
