package dev.llmratelimit.core;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;

/**
 * Observes what the limiter ({@link dev.llmratelimit.LlmRateLimiter}) does, for metrics and
 * events. Methods are called on the caller's thread and must not throw; failures are caught
 * and ignored by the limiter.
 */
public interface LimiterListener {

	/**
	 * A call got its budget.
	 * @param model the model id
	 * @param waitedNanos how long it waited, zero if admitted at once
	 * @param reserved what was reserved
	 */
	default void admitted(String model, long waitedNanos, Cost reserved) {
	}

	/**
	 * A call was routed to a fallback because its own model could not admit it in time;
	 * {@link #admitted} follows under the fallback's id once it has its budget.
	 * @param model the model the call was meant for
	 * @param fallback the model it was reserved on
	 */
	default void routed(String model, String fallback) {
	}

	/**
	 * A call was refused by the limiter.
	 * @param model the model id
	 * @param meter the binding meter, or {@code null} for a cooldown
	 * @param retryAfterNanos how long until it could be admitted, or -1 when unknown
	 */
	default void rejected(String model, Meter meter, long retryAfterNanos) {
	}

	/**
	 * A reservation was settled.
	 * @param model the model id
	 * @param outcome how it was settled
	 * @param reserved what was reserved
	 * @param actual what the call was charged in the end
	 * @param usage the reported usage, or {@code null} when the call reported none
	 */
	default void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
	}

	/**
	 * A provider response was observed.
	 * @param model the model id
	 * @param snapshot what was learned from it
	 */
	default void observed(String model, ProviderSnapshot snapshot) {
	}

	/**
	 * A limit was learned from or corrected by the provider's headers.
	 * @param model the model id
	 * @param meter the meter
	 * @param previousLimit the limit before, zero when the meter was unlimited
	 * @param newLimit the new limit
	 */
	default void limitChanged(String model, Meter meter, long previousLimit, long newLimit) {
	}

	/**
	 * A reservation was never settled and expired.
	 * @param model the model id
	 * @param lease the expired lease
	 */
	default void leaseExpired(String model, Lease lease) {
	}

	/**
	 * A model created on first use went idle and was forgotten to make room for another;
	 * whatever a listener keeps for it (meters, statistics) should go too.
	 * @param model the model id
	 */
	default void removed(String model) {
	}

	/**
	 * How a reservation was settled.
	 */
	enum Settlement {

		/** The call returned; usage reconciled. */
		COMPLETED,

		/** The call failed. */
		FAILED,

		/** The provider refused the call with a rate limit. */
		THROTTLED,

		/** The call never reached the provider. */
		CANCELLED

	}

}
