package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.http.internal.RestClientFailureResponses;
import dev.llmratelimit.http.internal.WebClientFailureResponses;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.provider.internal.AzureOpenAiDialect;
import dev.llmratelimit.provider.internal.GeminiDialect;
import dev.llmratelimit.provider.internal.GroqDialect;
import dev.llmratelimit.provider.internal.IetfDialect;
import dev.llmratelimit.provider.internal.OpenAiDialect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Auto-configuration of the provider dialects (one {@code ProviderDialect} bean per
 * provider, each replaceable by a bean of the same class) and of the extractors that read
 * provider responses out of Spring HTTP client exceptions, when those clients are present.
 */
@AutoConfiguration
public final class LlmRateLimitProviderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AnthropicDialect anthropicDialect() {
		return new AnthropicDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	OpenAiDialect openAiDialect() {
		return new OpenAiDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	AzureOpenAiDialect azureOpenAiDialect() {
		return new AzureOpenAiDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	GroqDialect groqDialect() {
		return new GroqDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	GeminiDialect geminiDialect() {
		return new GeminiDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	IetfDialect ietfDialect() {
		return new IetfDialect();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientResponseException.class)
	static class RestClientFailureResponsesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RestClientFailureResponses restClientFailureResponses() {
			return new RestClientFailureResponses();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientResponseException.class)
	static class WebClientFailureResponsesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebClientFailureResponses webClientFailureResponses() {
			return new WebClientFailureResponses();
		}

	}

}
