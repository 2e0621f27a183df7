package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.RateLimitHeadersFilter;
import dev.llmratelimit.http.RateLimitHeadersInterceptor;
import dev.llmratelimit.http.internal.LlmRateLimitRestClientCustomizer;
import dev.llmratelimit.http.internal.LlmRateLimitWebClientCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Auto-configuration of the HTTP client hooks: customizers that make every
 * {@code RestClient} and {@code WebClient} built from Spring Boot's auto-configured
 * builders report provider responses to the {@link LlmRateLimiter}. Each client lives in
 * its own configuration, guarded by its classes; {@code llm.ratelimit.http.enabled=false}
 * turns both off.
 */
@AutoConfiguration(after = LlmRateLimitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.http.enabled", matchIfMissing = true)
@ConditionalOnBean(LlmRateLimiter.class)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
public final class LlmRateLimitHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProviderResponseReporter llmProviderResponseReporter(ObjectProvider<LlmRateLimiter> limiter,
			LlmRateLimitProperties properties) {
		int maxModelScan = properties.getHttp().getMaxModelScan();
		if (maxModelScan <= 0) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.http.max-model-scan",
					"must be positive, was " + maxModelScan, "Set it to a positive number of characters, e.g. 4096.");
		}
		return new ProviderResponseReporter(SingletonSupplier.of(limiter::getObject), maxModelScan);
	}

	/**
	 * The hook of {@code RestClient}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientHookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitHeadersInterceptor llmRateLimitHeadersInterceptor(ProviderResponseReporter reporter,
				LlmRateLimitProperties properties) {
			return new RateLimitHeadersInterceptor(reporter, properties.getHttp().getMaxModelScan());
		}

		@Bean
		@ConditionalOnMissingBean
		LlmRateLimitRestClientCustomizer llmRateLimitRestClientCustomizer(RateLimitHeadersInterceptor interceptor) {
			return new LlmRateLimitRestClientCustomizer(interceptor);
		}

	}

	/**
	 * The hook of {@code WebClient}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, ExchangeFilterFunction.class })
	static class WebClientHookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitHeadersFilter llmRateLimitHeadersFilter(ProviderResponseReporter reporter) {
			return new RateLimitHeadersFilter(reporter);
		}

		@Bean
		@ConditionalOnMissingBean
		LlmRateLimitWebClientCustomizer llmRateLimitWebClientCustomizer(RateLimitHeadersFilter filter) {
			return new LlmRateLimitWebClientCustomizer(filter);
		}

	}

}
