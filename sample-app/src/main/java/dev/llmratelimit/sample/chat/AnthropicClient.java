package dev.llmratelimit.sample.chat;

import dev.llmratelimit.sample.anthropic.MessagesRequest;
import dev.llmratelimit.sample.anthropic.MessagesResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls the Anthropic Messages API through a {@link RestClient} built from Spring Boot's
 * auto-configured builder (so every customizer applies, the limiter's included).
 */
@Component
public class AnthropicClient {

	private final RestClient restClient;

	/**
	 * Creates the client.
	 * @param builder Spring Boot's {@code RestClient.Builder}
	 * @param properties where and how to call the API
	 */
	public AnthropicClient(RestClient.Builder builder, ProviderProperties properties) {
		this.restClient = builder.baseUrl(properties.getBaseUrl())
			.defaultHeader("x-api-key", properties.getApiKey())
			.defaultHeader("anthropic-version", properties.getAnthropicVersion())
			.build();
	}

	/**
	 * Sends a request to {@code /v1/messages}.
	 * @param request the request
	 * @return the response
	 * @throws org.springframework.web.client.RestClientResponseException when the
	 * provider answers with an error, for example 429
	 */
	public MessagesResponse messages(MessagesRequest request) {
		return this.restClient.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.body(MessagesResponse.class);
	}

}
