package dev.llmratelimit.http.internal;

import dev.llmratelimit.http.RateLimitHeadersFilter;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link WebClientCustomizer} that adds the {@link RateLimitHeadersFilter} to every
 * {@code WebClient} built from the auto-configured builder.
 */
public final class LlmRateLimitWebClientCustomizer implements WebClientCustomizer {

	private final RateLimitHeadersFilter filter;

	/**
	 * Creates the customizer.
	 * @param filter the filter to add
	 */
	public LlmRateLimitWebClientCustomizer(RateLimitHeadersFilter filter) {
		this.filter = filter;
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filter(this.filter);
	}

}
