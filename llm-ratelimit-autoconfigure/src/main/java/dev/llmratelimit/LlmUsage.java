package dev.llmratelimit;

/**
 * Tokens a call actually used, as the provider reported them.
 *
 * @param inputTokens input tokens billed at the normal rate (not counting cache reads or
 * cache writes reported separately)
 * @param outputTokens output tokens generated
 * @param cacheReadInputTokens input tokens served from the provider's prompt cache
 * @param cacheCreationInputTokens input tokens written to the provider's prompt cache
 */
public record LlmUsage(long inputTokens, long outputTokens, long cacheReadInputTokens,
		long cacheCreationInputTokens) {

	/**
	 * Validates that every count is between zero and {@link Meter#MAX_AMOUNT}.
	 */
	public LlmUsage {
		requireNotNegative("inputTokens", inputTokens);
		requireNotNegative("outputTokens", outputTokens);
		requireNotNegative("cacheReadInputTokens", cacheReadInputTokens);
		requireNotNegative("cacheCreationInputTokens", cacheCreationInputTokens);
	}

	/**
	 * Usage without prompt caching.
	 * @param inputTokens input tokens
	 * @param outputTokens output tokens
	 * @return the usage
	 */
	public static LlmUsage of(long inputTokens, long outputTokens) {
		return new LlmUsage(inputTokens, outputTokens, 0, 0);
	}

	/**
	 * All input tokens, whether read from cache, written to it, or neither.
	 * @return the total input tokens
	 */
	public long totalInputTokens() {
		return this.inputTokens + this.cacheReadInputTokens + this.cacheCreationInputTokens;
	}

	private static void requireNotNegative(String name, long value) {
		if (value < 0 || value > Meter.MAX_AMOUNT) {
			throw new IllegalArgumentException(
					name + " must be between 0 and " + Meter.MAX_AMOUNT + ", was " + value);
		}
	}

}
