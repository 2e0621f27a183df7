package dev.llmratelimit.core.internal;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRequestTooLargeException;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;

/**
 * Makes the exceptions a {@link BudgetLimiter} throws when it refuses a call, telling its
 * listeners of each refusal.
 */
final class Refusals {

	private final Listeners listeners;

	Refusals(Listeners listeners) {
		this.listeners = listeners;
	}

	/** Budget could not be had in time: the binding meter and when to retry. */
	LlmRateLimitExceededException exceeded(ManagedModel managed, Meter meter, long waitNanos) {
		this.listeners.rejected(managed.id(), meter, waitNanos);
		Duration retryAfter = (waitNanos > 0) ? Duration.ofNanos(waitNanos) : Duration.ZERO;
		return new LlmRateLimitExceededException(managed.id(), meter, retryAfter);
	}

	/** The call can never fit the meter the admission names. */
	LlmRequestTooLargeException tooLarge(ManagedModel managed, Admission admission, Cost cost) {
		this.listeners.rejected(managed.id(), admission.meter(), Admission.UNKNOWN_WAIT);
		return new LlmRequestTooLargeException(managed.id(), admission.meter(), cost.amount(admission.meter()),
				admission.limit());
	}

}
