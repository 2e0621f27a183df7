package dev.llmratelimit.http.internal;

import java.util.Optional;

import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.FailureResponses;

import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Finds the provider response in a {@link WebClientResponseException} thrown by
 * {@code WebClient}, directly or as the cause of what the call threw: its status, headers
 * and body.
 */
public final class WebClientFailureResponses implements FailureResponses {

	@Override
	public Optional<ProviderResponse> responseOf(Throwable failure) {
		return SpringResponses.find(failure, WebClientResponseException.class)
			.map((ex) -> SpringResponses.response(ex.getStatusCode().value(), ex.getHeaders(),
					ex.getResponseBodyAsString()));
	}

}
