package dev.llmratelimit.test.simulator;

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
	 * Limits the way OpenAI meters a model: requests and tokens (input and output together).
	 * @param requestsPerMinute requests per minute
	 * @param tokensPerMinute tokens per minute
	 * @return the limits, without split input and output meters
	 */
	public static SimulatedLimits ofRequestsAndTokens(long requestsPerMinute, long tokensPerMinute) {
		return new SimulatedLimits(requestsPerMinute, 0, 0, tokensPerMinute);
	}

	/**
	 * These limits multiplied by a factor, as a tier promotion or a cut does.
	 * @param factor the factor, such as 2 or 0.5
	 * @return new limits, each rounded to a whole unit
	 */
	public SimulatedLimits times(double factor) {
		if (!(factor >= 0) || Double.isInfinite(factor)) {
			throw new IllegalArgumentException("factor must not be negative, was " + factor);
		}
		return new SimulatedLimits(Math.round(this.requestsPerMinute * factor),
				Math.round(this.inputTokensPerMinute * factor), Math.round(this.outputTokensPerMinute * factor),
				Math.round(this.tokensPerMinute * factor));
	}

	/**
	 * These limits with another output-tokens-per-minute limit.
	 * @param outputTokensPerMinute output tokens per minute
	 * @return new limits
	 */
	public SimulatedLimits withOutputTokensPerMinute(long outputTokensPerMinute) {
		return new SimulatedLimits(this.requestsPerMinute, this.inputTokensPerMinute, outputTokensPerMinute,
				this.tokensPerMinute);
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
