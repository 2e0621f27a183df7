package dev.llmratelimit;

import java.time.Duration;
import java.util.Optional;

/**
 * An {@link LlmRateLimiter} bound to one model. The starter registers one bean of this type
 * per configured model, named after the model id, so it can be injected by qualifier:
 * {@code @Qualifier("claude-sonnet-4-5") ModelRateLimiter limiter}.
 */
public interface ModelRateLimiter {

	/**
	 * Model id this limiter is bound to.
	 * @return the model id
	 */
	String model();

	/**
	 * Reserves budget, waiting in FIFO order up to {@code maxWait}.
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @param maxWait longest time to wait
	 * @return the reservation
	 * @see LlmRateLimiter#reserve(String, long, long, Duration)
	 */
	Reservation reserve(long inputTokens, long maxTokens, Duration maxWait);

	/**
	 * Reserves budget, waiting up to the configured default maximum wait.
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @return the reservation
	 */
	Reservation reserve(long inputTokens, long maxTokens);

	/**
	 * Reserves budget only if it is available now.
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @return the reservation, or empty when budget is short now
	 */
	Optional<Reservation> tryReserve(long inputTokens, long maxTokens);

	/**
	 * Learns from a provider response.
	 * @param response what the provider answered
	 */
	void observe(ProviderResponse response);

	/**
	 * Live headroom of this model.
	 * @return the headroom
	 */
	Headroom headroom();

}
