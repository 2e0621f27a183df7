package dev.llmratelimit.sample.simulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per-minute limits of one simulated model. Zero means the meter is not enforced.
 *
 * @param requestsPerMinute requests per minute
 * @param inputTokensPerMinute input tokens per minute
 * @param outputTokensPerMinute output tokens per minute
 * @param tokensPerMinute input and output tokens per minute together
 */
public record SimulatedLimits(long requestsPerMinute, long inputTokensPerMinute, long outputTokensPerMinute,
		long tokensPerMinute) {

	/**
	 * Validates that no limit is negative.
	 */
	public SimulatedLimits {
		requireNotNegative("requestsPerMinute", requestsPerMinute);
		requireNotNegative("inputTokensPerMinute", inputTokensPerMinute);
		requireNotNegative("outputTokensPerMinute", outputTokensPerMinute);
		requireNotNegative("tokensPerMinute", tokensPerMinute);
	}

	/**
	 * Limits the way Anthropic meters a model: requests, input tokens and output tokens.
	 * @param requestsPerMinute requests per minute
	 * @param inputTokensPerMinute input tokens per minute
	 * @param outputTokensPerMinute output tokens per minute
	 * @return the limits, without a combined tokens meter
	 */
	public static SimulatedLimits of(long requestsPerMinute, long inputTokensPerMinute, long outputTokensPerMinute) {
		return new SimulatedLimits(requestsPerMinute, inputTokensPerMinute, outputTokensPerMinute, 0);
	}

	/**
	 * These limits with a combined tokens-per-minute meter.
	 * @param tokensPerMinute input and output tokens per minute
	 * @return new limits
	 */
	public SimulatedLimits withTokensPerMinute(long tokensPerMinute) {
		return new SimulatedLimits(this.requestsPerMinute, this.inputTokensPerMinute, this.outputTokensPerMinute,
				tokensPerMinute);
	}

	/**
	 * The enforced meters and their limits.
	 * @return a map without the meters whose limit is zero
	 */
	public Map<SimulatedMeter, Long> enforced() {
		Map<SimulatedMeter, Long> limits = new EnumMap<>(SimulatedMeter.class);
		putIfEnforced(limits, SimulatedMeter.REQUESTS, this.requestsPerMinute);
		putIfEnforced(limits, SimulatedMeter.INPUT_TOKENS, this.inputTokensPerMinute);
		putIfEnforced(limits, SimulatedMeter.OUTPUT_TOKENS, this.outputTokensPerMinute);
		putIfEnforced(limits, SimulatedMeter.TOKENS, this.tokensPerMinute);
		return limits;
	}

	private static void putIfEnforced(Map<SimulatedMeter, Long> limits, SimulatedMeter meter, long limit) {
		if (limit > 0) {
			limits.put(meter, limit);
		}
	}

	private static void requireNotNegative(String name, long value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
	}

}
