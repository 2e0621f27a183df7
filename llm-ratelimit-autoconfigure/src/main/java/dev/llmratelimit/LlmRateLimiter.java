package dev.llmratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reserves budget for LLM calls on every meter of a model at once, and learns from what
 * the provider reports. The {@code @LlmRateLimited} aspect uses this API; code without
 * annotations uses it directly:
 *
 * <pre>{@code
 * Reservation reservation = limiter.reserve("gpt-4.1-mini", inputTokens, 512, Duration.ofSeconds(5));
 * try {
 *     Reply reply = client.call(...);
 *     reservation.complete(LlmUsage.of(reply.inputTokens(), reply.outputTokens()));
 * }
 * catch (RuntimeException ex) {
 *     reservation.fail(ex);
 *     throw ex;
 * }
 * }</pre>
 *
 * A {@code maxTokens} of zero or less stands for the model's default max tokens. A model
 * that was not configured gets a budget on first use, unlimited until the provider's
 * headers reveal its limits.
 */
public interface LlmRateLimiter {

	/**
	 * Reserves budget, waiting in FIFO order up to {@code maxWait}.
	 * @param model the model id (or an alias)
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @param maxWait longest time to wait; zero fails at once when budget is short
	 * @return the reservation, to settle when the call ends
	 * @throws LlmRateLimitExceededException if budget cannot be had within {@code maxWait}
	 * @throws LlmRequestTooLargeException if the call can never fit
	 */
	Reservation reserve(String model, long inputTokens, long maxTokens, Duration maxWait);

	/**
	 * Reserves budget for a call that may be routed to a fallback model, ranked by
	 * priority and counted against a key's share. The call must then go to
	 * {@link Reservation#model()}, the model it was reserved on. The default implementation
	 * reserves on the request's model only, without fallbacks, priorities or keys.
	 * @param request the call
	 * @return the reservation, to settle when the call ends
	 * @throws LlmRateLimitExceededException if no model can admit the call within its wait
	 * @throws LlmRequestTooLargeException if the call can never fit its model and no
	 * fallback admits it
	 */
	default Reservation reserve(ReservationRequest request) {
		if (request.maxWait() == null) {
			return reserve(request.model(), request.inputTokens(), request.maxTokens());
		}
		return reserve(request.model(), request.inputTokens(), request.maxTokens(), request.maxWait());
	}

	/**
	 * Reserves budget, waiting up to the configured default maximum wait.
	 * @param model the model id (or an alias)
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @return the reservation, to settle when the call ends
	 * @throws LlmRateLimitExceededException if budget cannot be had in time
	 * @throws LlmRequestTooLargeException if the call can never fit
	 */
	Reservation reserve(String model, long inputTokens, long maxTokens);

	/**
	 * Reserves budget only if it is available now.
	 * @param model the model id (or an alias)
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens to reserve, or zero for the model's default
	 * @return the reservation, or empty when budget is short now
	 * @throws LlmRequestTooLargeException if the call can never fit
	 */
	Optional<Reservation> tryReserve(String model, long inputTokens, long maxTokens);

	/**
	 * Learns from a response that cannot be tied to a reservation (rate-limit headers,
	 * 429s and their retry-after).
	 * @param model the model id (or an alias)
	 * @param response what the provider answered
	 */
	void observe(String model, ProviderResponse response);

	/**
	 * Live headroom of one model.
	 * @param model the model id (or an alias)
	 * @return the headroom, empty when the model has no budget yet
	 */
	Optional<Headroom> headroom(String model);

	/**
	 * Live headroom of every model with a budget.
	 * @return headroom by model id, in registration order
	 */
	Map<String, Headroom> headroom();

	/**
	 * Ids of the models that have a budget (configured or first used).
	 * @return the model ids, without aliases
	 */
	Set<String> models();

	/**
	 * Current limits of a model, including those learned from headers.
	 * @param model the model id (or an alias)
	 * @return the limits, empty when the model has no budget yet
	 */
	Optional<ModelLimits> limits(String model);

	/**
	 * View of this limiter bound to one model.
	 * @param model the model id (or an alias)
	 * @return the model's limiter
	 */
	ModelRateLimiter forModel(String model);

}
