package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Optional;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;

/**
 * A {@link ModelRateLimiter} that delegates to an {@link LlmRateLimiter} with a fixed model.
 */
final class BoundModelRateLimiter implements ModelRateLimiter {

	private final LlmRateLimiter limiter;

	private final String model;

	/**
	 * Binds a limiter to a model.
	 * @param limiter the limiter
	 * @param model the model id
	 */
	public BoundModelRateLimiter(LlmRateLimiter limiter, String model) {
		this.limiter = limiter;
		this.model = model;
	}

	@Override
	public String model() {
		return this.model;
	}

	@Override
	public Reservation reserve(long inputTokens, long maxTokens, Duration maxWait) {
		return this.limiter.reserve(this.model, inputTokens, maxTokens, maxWait);
	}

	@Override
	public Reservation reserve(long inputTokens, long maxTokens) {
		return this.limiter.reserve(this.model, inputTokens, maxTokens);
	}

	@Override
	public Optional<Reservation> tryReserve(long inputTokens, long maxTokens) {
		return this.limiter.tryReserve(this.model, inputTokens, maxTokens);
	}

	@Override
	public void observe(ProviderResponse response) {
		this.limiter.observe(this.model, response);
	}

	@Override
	public Headroom headroom() {
		return this.limiter.headroom(this.model)
			.orElseThrow(() -> new IllegalStateException("Model '" + this.model + "' has no budget"));
	}

	@Override
	public String toString() {
		return "ModelRateLimiter[" + this.model + "]";
	}

}
