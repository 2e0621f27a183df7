package dev.llmratelimit.sample.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * A request the simulated provider answered with 429: nothing was charged.
 *
 * @param requestId the request id
 * @param model the model id
 * @param meter the meter that refused the request (the one that needs the longest wait)
 * @param retryAfter how long until the request would fit, exactly
 * @param neverFits whether the request costs more than the meter's limit
 * @param headers the response headers, with {@code retry-after} in whole seconds
 */
public record Rejection(String requestId, String model, SimulatedMeter meter, Duration retryAfter, boolean neverFits,
		Map<String, String> headers) implements Admission {

	/**
	 * The {@code retry-after} value: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public long retryAfterSeconds() {
		return retryAfterSeconds(this.retryAfter);
	}

	/**
	 * A message in the style of Anthropic's {@code rate_limit_error}.
	 * @return the message
	 */
	public String message() {
		if (this.neverFits) {
			return "This request would exceed your organization's rate limit of " + this.meter.headerFamily()
					+ " per minute for model " + this.model + " on its own; reduce the prompt length or max_tokens.";
		}
		return "This request would exceed your organization's rate limit of " + this.meter.headerFamily()
				+ " per minute for model " + this.model + ". Please retry after " + retryAfterSeconds() + " seconds.";
	}

	static long retryAfterSeconds(Duration wait) {
		long seconds = wait.getSeconds() + ((wait.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
