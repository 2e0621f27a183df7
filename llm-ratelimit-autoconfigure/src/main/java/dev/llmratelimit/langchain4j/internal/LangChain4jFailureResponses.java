package dev.llmratelimit.langchain4j.internal;

import java.util.Map;
import java.util.Optional;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.FailureResponses;

/**
 * Finds the provider response in LangChain4j's errors: an {@link HttpException} anywhere in
 * the cause chain gives its status and message, and a {@link RateLimitException} without
 * one stands for a 429. LangChain4j keeps no response headers, so no retry-after reaches
 * the limiter: the dialect's default cooldown applies.
 */
public final class LangChain4jFailureResponses implements FailureResponses {

	private static final int TOO_MANY_REQUESTS = 429;

	@Override
	public Optional<ProviderResponse> responseOf(Throwable failure) {
		boolean rateLimited = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpException http) {
				return Optional.of(new ProviderResponse(http.statusCode(), Map.of(), http.getMessage()));
			}
			rateLimited |= cause instanceof RateLimitException;
		}
		return rateLimited ? Optional.of(new ProviderResponse(TOO_MANY_REQUESTS, Map.of(), failure.getMessage()))
				: Optional.empty();
	}

}
