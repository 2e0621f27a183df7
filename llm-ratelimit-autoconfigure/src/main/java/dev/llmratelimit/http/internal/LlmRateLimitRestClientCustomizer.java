package dev.llmratelimit.http.internal;

import dev.llmratelimit.http.RateLimitHeadersInterceptor;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * {@link RestClientCustomizer} that adds the {@link RateLimitHeadersInterceptor} to every
 * {@code RestClient} built from the auto-configured builder.
 */
public final class LlmRateLimitRestClientCustomizer implements RestClientCustomizer {

	private final RateLimitHeadersInterceptor interceptor;

	/**
	 * Creates the customizer.
	 * @param interceptor the interceptor to add
	 */
	public LlmRateLimitRestClientCustomizer(RateLimitHeadersInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		builder.requestInterceptor(this.interceptor);
	}

}
