package dev.llmratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a call cannot get its budget within its maximum wait. Nothing was debited:
 * the caller may retry after {@link #retryAfter()}.
 */
public class LlmRateLimitExceededException extends LlmRateLimitException {

	private final Duration retryAfter;

	/**
	 * Creates an exception for a call that would have had to wait too long.
	 * @param model the model id
	 * @param meter the meter that binds, or {@code null} when a provider cooldown named none
	 * @param retryAfter how long until the call could be admitted; {@link Duration#ZERO}
	 * when that depends on other calls finishing (a concurrency limit)
	 */
	public LlmRateLimitExceededException(String model, Meter meter, Duration retryAfter) {
		super(message(model, meter, retryAfter), model, meter);
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
	}

	/**
	 * How long until the call could be admitted.
	 * @return the wait, never negative
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	private static String message(String model, Meter meter, Duration retryAfter) {
		String what = (meter != null) ? " (" + meter.propertyName() + ")" : " (provider cooldown)";
		return "Rate limit of model '" + model + "'" + what + " exceeded; retry after " + retryAfter;
	}

}
