package dev.llmratelimit.test.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the simulated provider takes to answer, on the simulation's clock: a fixed time
 * to the first token, prompt processing proportional to the input and generation
 * proportional to the output.
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
		Objects.requireNonNull(firstToken, "firstToken");
		if (firstToken.isNegative()) {
			throw new IllegalArgumentException("firstToken must not be negative, was " + firstToken);
		}
		if (!(inputTokensPerSecond > 0) || !(outputTokensPerSecond > 0)) {
			throw new IllegalArgumentException("Token speeds must be positive");
		}
	}

	/**
	 * Answers at once.
	 * @return a model without latency
	 */
	public static LatencyModel none() {
		return fixed(Duration.ZERO);
	}

	/**
	 * The same latency for every call, whatever its size.
	 * @param latency the latency
	 * @return the model
	 */
	public static LatencyModel fixed(Duration latency) {
		return new LatencyModel(latency, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
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
