package dev.llmratelimit.actuate.event;

import java.time.Duration;

import dev.llmratelimit.Meter;

/**
 * A meter of a model ran out: it became the meter that holds calls back. An exhaustion
 * episode of a model's meter starts when
 * <ul>
 * <li>the limiter refuses a call naming that meter because it is short (not because the
 * call can never fit), or</li>
 * <li>a call is admitted only after waiting (and no provider cooldown is in force) and
 * the meter is the model's binding one right after that admission;</li>
 * </ul>
 * and ends, for every meter of the model, as soon as a call of the model is admitted
 * without waiting. The event is published once per episode, when it starts, so a
 * sustained overload publishes it once rather than once per call.
 */
public class LlmMeterExhaustedEvent extends LlmRateLimitEvent {

	private final Meter meter;

	private final Duration retryAfter;

	/**
	 * Creates the event.
	 * @param model the model id
	 * @param meter the exhausted meter
	 * @param retryAfter how long until the refused call could have been admitted, or
	 * {@code null} when unknown (a delayed call, or a wait that depends on other calls)
	 */
	public LlmMeterExhaustedEvent(String model, Meter meter, Duration retryAfter) {
		super(model);
		this.meter = meter;
		this.retryAfter = retryAfter;
	}

	/**
	 * Exhausted meter.
	 * @return the meter
	 */
	public Meter getMeter() {
		return this.meter;
	}

	/**
	 * How long until the meter could admit the refused call.
	 * @return the wait, or {@code null} when unknown
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
