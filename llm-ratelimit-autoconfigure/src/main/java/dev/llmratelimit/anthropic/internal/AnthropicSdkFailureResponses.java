package dev.llmratelimit.anthropic.internal;

import java.util.Optional;

import com.anthropic.errors.AnthropicServiceException;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.FailureResponses;

/**
 * Finds the provider response in the official Anthropic Java SDK's errors: an
 * {@link AnthropicServiceException} (such as {@code RateLimitException}) anywhere in the
 * cause chain, with its status, headers and JSON body.
 */
public final class AnthropicSdkFailureResponses implements FailureResponses {

	@Override
	public Optional<ProviderResponse> responseOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AnthropicServiceException service) {
				String body = (service.body() != null) ? service.body().toString() : null;
				return Optional.of(new ProviderResponse(service.statusCode(),
						AnthropicSdkHeaders.toMap(service.headers()), body));
			}
		}
		return Optional.empty();
	}

}
