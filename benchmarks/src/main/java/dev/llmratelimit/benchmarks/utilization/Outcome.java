package dev.llmratelimit.benchmarks.utilization;

/**
 * How one call of the workload ended.
 *
 * @param completed whether the provider answered it
 * @param inputTokens input tokens of the answer, zero if not completed
 * @param outputTokens output tokens of the answer, zero if not completed
 */
public record Outcome(boolean completed, long inputTokens, long outputTokens) {

	/** A call that was given up (the provider kept refusing it). */
	public static final Outcome FAILED = new Outcome(false, 0, 0);

	/**
	 * A completed call.
	 * @param inputTokens input tokens the provider billed
	 * @param outputTokens output tokens of the answer
	 * @return the outcome
	 */
	public static Outcome completed(long inputTokens, long outputTokens) {
		return new Outcome(true, inputTokens, outputTokens);
	}

}
