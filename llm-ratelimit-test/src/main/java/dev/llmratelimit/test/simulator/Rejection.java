package dev.llmratelimit.test.simulator;

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
 * @param message the error message, in the provider's words
 * @param headers the response headers, with {@code retry-after} in whole seconds
 */
public record Rejection(String requestId, String model, SimulatedMeter meter, Duration retryAfter, boolean neverFits,
		String message, Map<String, String> headers) implements Admission {

	/**
	 * The {@code retry-after} value: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public long retryAfterSeconds() {
		return retryAfterSeconds(this.retryAfter);
	}

	static long retryAfterSeconds(Duration wait) {
		long seconds = wait.getSeconds() + ((wait.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
