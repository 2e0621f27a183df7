package dev.llmratelimit.http.internal;

import java.util.Optional;

import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.FailureResponses;

import org.springframework.web.client.RestClientResponseException;

/**
 * Finds the provider response in a {@link RestClientResponseException} thrown by
 * {@code RestClient} or {@code RestTemplate}, directly or as the cause of what the call
 * threw: its status, headers and body.
 */
public final class RestClientFailureResponses implements FailureResponses {

	@Override
	public Optional<ProviderResponse> responseOf(Throwable failure) {
		return SpringResponses.find(failure, RestClientResponseException.class)
			.map((ex) -> SpringResponses.response(ex.getStatusCode().value(), ex.getResponseHeaders(),
					ex.getResponseBodyAsString()));
	}

}
