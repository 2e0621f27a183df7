package dev.llmratelimit;

import java.time.Duration;

/**
 * Budget held for one call, from admission until it is settled. Settle it exactly once:
 * {@link #complete(LlmUsage)} when the call returned, {@link #fail(Throwable)} when it
 * threw, or {@link #cancel()} when it never reached the provider. A reservation that is
 * never settled expires after the lease time and gives back its concurrency slot.
 */
public interface Reservation {

	/**
	 * Model (budget) this reservation belongs to.
	 * @return the model id the call was reserved under
	 */
	String model();

	/**
	 * Whether the call was reserved on a fallback because the model it asked for could not
	 * admit it in time; it must then go to {@link #model()}.
	 * @return {@code true} for a call routed to a fallback model
	 */
	default boolean isRouted() {
		return false;
	}

	/**
	 * Input tokens reserved at admission.
	 * @return the input estimate
	 */
	long inputTokens();

	/**
	 * Output tokens reserved at admission.
	 * @return the max tokens reserved
	 */
	long maxTokens();

	/**
	 * How long the call waited for its budget.
	 * @return the wait, zero when admitted at once
	 */
	Duration waited();

	/**
	 * Reconciles the reservation with what the call really used: the difference is given
	 * back, or debited when the call used more than it reserved.
	 * @param usage the usage the provider reported
	 * @throws IllegalStateException if the reservation was already settled
	 */
	void complete(LlmUsage usage);

	/**
	 * Settles a call that returned without reporting its usage: the reservation is kept as
	 * the call's cost (only the concurrency slot is given back).
	 * @throws IllegalStateException if the reservation was already settled
	 */
	void completeAsReserved();

	/**
	 * Settles a call that failed. A provider rate-limit refusal gives everything back; any
	 * other failure keeps the request and its input and gives back the output.
	 * @param failure what the call threw
	 * @throws IllegalStateException if the reservation was already settled
	 */
	void fail(Throwable failure);

	/**
	 * Gives the whole reservation back: the call never reached the provider.
	 * @throws IllegalStateException if the reservation was already settled
	 */
	void cancel();

	/**
	 * Whether this reservation was settled.
	 * @return {@code true} once completed, failed, cancelled or expired
	 */
	boolean isSettled();

	/**
	 * Whether {@link #fail(Throwable)} found that the provider refused this call with a
	 * rate limit (a 429 its dialect classifies as such, not an out-of-credit refusal):
	 * such a call may be retried once the provider's retry-after has passed, and a new
	 * reservation waits for that by itself.
	 * @return {@code true} once settled as refused by the provider's rate limit
	 */
	default boolean isThrottled() {
		return false;
	}

	/**
	 * Tells the limiter that this call's request is leaving for the provider now. Until
	 * then the provider cannot have counted the call, whatever time passed since its
	 * admission (a loaded machine may hold a request back for a second): the limiter does
	 * not take the provider's figures to include it before shortly after this instant. The
	 * starter's HTTP and SDK hooks call it just before they send; once one call of a model
	 * was reported so, the model's budget expects it of every call, and takes a call not
	 * reported sent for one still on its way out. Optional: integrations that cannot tell
	 * never call it, and the admission instant stands in for it. May be called again when
	 * the request is sent again; the latest call counts.
	 */
	default void requestSent() {
	}

	/**
	 * Tells the limiter that a request made while this call runs is leaving for the
	 * provider now, for the model the request body names: a request for this reservation's
	 * model (or one of its aliases) is this call's, {@link #requestSent()}; a request for
	 * another model (a tool call, an embedding) is not this call's and changes nothing.
	 * @param model the model the request names
	 */
	default void requestSent(String model) {
		if (model().equals(model)) {
			requestSent();
		}
	}

	/**
	 * Teaches the limiter from this call's response (rate-limit headers, 429s). Observe a
	 * successful response after {@link #complete(LlmUsage) completing}: the provider's
	 * remaining figures already count this call as settled, and a level capped to them
	 * before the refund would count the refund twice.
	 * @param response what the provider answered
	 */
	void observe(ProviderResponse response);

	/**
	 * Teaches the limiter from the response to a request made while this call runs, for
	 * the model the request or response body names. A request for this reservation's model
	 * (or one of its aliases) is this call's: {@link #observe(ProviderResponse)}. A request
	 * for another model (a tool call, an embedding made inside the guarded call) teaches
	 * that model only: its headers never widen this model's budget, and a refusal of it
	 * that fails this call is not taken for this model's.
	 * @param model the model the request or response names
	 * @param response what the provider answered
	 */
	default void observe(String model, ProviderResponse response) {
		if (model().equals(model)) {
			observe(response);
		}
	}

}
