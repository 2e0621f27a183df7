package dev.llmratelimit.actuate.event;

import java.time.Duration;

import dev.llmratelimit.Meter;

/**
 * The provider refused a call with a rate-limit error (HTTP 429). Published once per
 * refusal the limiter observes.
 */
public class LlmCallThrottledEvent extends LlmRateLimitEvent {

	private final Meter meter;

	private final Duration retryAfter;

	/**
	 * Creates the event.
	 * @param model the model id
	 * @param meter the meter the provider named, or {@code null}
	 * @param retryAfter how long the provider asked to wait, or {@code null}
	 */
	public LlmCallThrottledEvent(String model, Meter meter, Duration retryAfter) {
		super(model);
		this.meter = meter;
		this.retryAfter = retryAfter;
	}

	/**
	 * Meter the provider named as exhausted.
	 * @return the meter, or {@code null} when the provider named none
	 */
	public Meter getMeter() {
		return this.meter;
	}

	/**
	 * How long the provider asked to wait; the model is closed to everyone until then.
	 * @return the wait, or {@code null} when the provider said nothing
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
