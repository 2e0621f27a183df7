package dev.llmratelimit.sample.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import dev.llmratelimit.sample.chat.ProviderProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The official Anthropic Java SDK client, as a bean: the starter sees it and makes it
 * report every response's rate-limit headers (and 429s) to the limiter.
 */
@Configuration(proxyBeanMethods = false)
public class SdkClientConfiguration {

	/**
	 * The SDK client, sending to {@code sample.provider.base-url} or else to the simulator
	 * served by this application on {@code server.port}. It does not retry: the limiter
	 * waits for budget instead.
	 * @param properties where to send calls
	 * @param environment for the server port
	 * @return the client
	 */
	@Bean(destroyMethod = "close")
	public AnthropicClient anthropicSdkClient(ProviderProperties properties, Environment environment) {
		String baseUrl = StringUtils.hasText(properties.getBaseUrl()) ? properties.getBaseUrl()
				: "http://localhost:" + environment.getProperty("server.port", "8080");
		return AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(properties.getApiKey()).maxRetries(0).build();
	}

}
