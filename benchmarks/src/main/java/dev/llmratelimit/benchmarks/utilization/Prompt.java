package dev.llmratelimit.benchmarks.utilization;

/**
 * One request of the workload.
 *
 * @param text the user message
 * @param maxTokens the request's {@code max_tokens}
 */
public record Prompt(String text, long maxTokens) {

	/**
	 * Input tokens estimated the usual way, four characters per token, rounded up.
	 * @return the estimate
	 */
	public long estimatedInputTokens() {
		return (this.text.length() + 3) / 4;
	}

}
