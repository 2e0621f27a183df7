package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;

/**
 * How long the simulated provider takes to answer, in simulated time: a fixed time to the
 * first token, prompt processing proportional to the input and generation proportional to
 * the output.
 *
 * @param firstToken time to the first token
 * @param inputTokensPerSecond prompt processing speed
 * @param outputTokensPerSecond generation speed
 */
public record LatencyModel(Duration firstToken, double inputTokensPerSecond, double outputTokensPerSecond) {

	/**
	 * Validates the speeds.
	 */
	public LatencyModel {
		if (!(inputTokensPerSecond > 0) || !(outputTokensPerSecond > 0)) {
			throw new IllegalArgumentException("Token speeds must be positive");
		}
	}

	/**
	 * Time to answer a call.
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 * @return the simulated latency
	 */
	public Duration latency(long inputTokens, long outputTokens) {
		double seconds = inputTokens / this.inputTokensPerSecond + outputTokens / this.outputTokensPerSecond;
		return this.firstToken.plusNanos(Math.round(seconds * 1e9));
	}

}
