package dev.llmratelimit.openai.internal;

import java.util.Optional;

import com.openai.errors.OpenAIServiceException;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.FailureResponses;

/**
 * Finds the provider response in the official OpenAI Java SDK's errors: an
 * {@link OpenAIServiceException} (such as {@code RateLimitException}) anywhere in the cause
 * chain, with its status, headers and JSON body.
 */
public final class OpenAiSdkFailureResponses implements FailureResponses {

	@Override
	public Optional<ProviderResponse> responseOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OpenAIServiceException service) {
				String body = (service.body() != null) ? service.body().toString() : null;
				return Optional.of(new ProviderResponse(service.statusCode(),
						OpenAiSdkHeaders.toMap(service.headers()), body));
			}
		}
		return Optional.empty();
	}

}
