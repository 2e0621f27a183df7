package dev.llmratelimit.sample.chat;

import java.util.function.Supplier;

import dev.llmratelimit.sample.anthropic.MessagesRequest;
import dev.llmratelimit.sample.anthropic.MessagesResponse;

import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Calls the Anthropic Messages API through a {@link RestClient} built from Spring Boot's
 * auto-configured builder (so every customizer applies, the limiter's included).
 */
@Component
public class AnthropicClient {

	private final Supplier<RestClient> restClient;

	/**
	 * Creates the client. The {@link RestClient} is built on first use, when the embedded
	 * simulator's port is known.
	 * @param builder the auto-configured builder
	 * @param properties where to send calls
	 * @param environment for the local server port
	 */
	public AnthropicClient(RestClient.Builder builder, ProviderProperties properties, Environment environment) {
		this.restClient = SingletonSupplier.of(() -> builder.baseUrl(baseUrl(properties, environment))
			.defaultHeader("x-api-key", properties.getApiKey())
			.defaultHeader("anthropic-version", properties.getAnthropicVersion())
			.build());
	}

	/**
	 * Sends a request to {@code /v1/messages}.
	 * @param request the request
	 * @return the response
	 * @throws org.springframework.web.client.RestClientResponseException when the
	 * provider answers with an error, for example 429
	 */
	public MessagesResponse messages(MessagesRequest request) {
		return this.restClient.get()
			.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.body(request)
			.retrieve()
			.body(MessagesResponse.class);
	}

	private static String baseUrl(ProviderProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getBaseUrl())) {
			return properties.getBaseUrl();
		}
		return "http://localhost:" + environment.getProperty("local.server.port",
				environment.getProperty("server.port", "8080"));
	}

}
