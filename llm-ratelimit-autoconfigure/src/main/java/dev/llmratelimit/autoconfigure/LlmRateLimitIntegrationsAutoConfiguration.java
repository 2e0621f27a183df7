package dev.llmratelimit.autoconfigure;

import java.time.Clock;
import java.util.stream.Stream;

import com.anthropic.models.messages.MessageCreateParams;
import com.knuddels.jtokkit.Encodings;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.request.ChatRequest;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.http.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.http.AnthropicSdkFailureResponses;
import dev.llmratelimit.http.OpenAiSdkFailureResponses;
import dev.llmratelimit.usage.AnthropicSdkRequestInspector;
import dev.llmratelimit.usage.AnthropicSdkUsageExtractor;
import dev.llmratelimit.usage.JtokkitTokenEstimator;
import dev.llmratelimit.usage.LangChain4jRequestInspector;
import dev.llmratelimit.usage.LangChain4jUsageExtractor;
import dev.llmratelimit.usage.LlmUsageExtractor;
import dev.llmratelimit.usage.OpenAiSdkRequestInspector;
import dev.llmratelimit.usage.OpenAiSdkUsageExtractor;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspectors;
import dev.llmratelimit.usage.SpringAiRequestInspector;
import dev.llmratelimit.usage.SpringAiUsageExtractor;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.UsageExtractors;

/**
 * Auto-configuration of what the rate limiter understands of the libraries Spring users
 * call: request inspectors and usage extractors for Spring AI, the official Anthropic and
 * OpenAI Java SDKs and LangChain4j, the SDKs' failure responses, and a jtokkit token
 * estimator, and a post-processor that makes Anthropic SDK client beans report their
 * responses' rate-limit headers (off with {@code llm.ratelimit.sdk.observe-clients=false}).
 * Each integration is active only when its library is on the classpath; user
 * beans of {@link RequestInspector} and {@link UsageExtractor} take part in the composites.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
public final class LlmRateLimitIntegrationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmUsageExtractor llmUsageExtractor() {
		return new LlmUsageExtractor();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestInspectors llmRequestInspectors(ObjectProvider<RequestInspector> inspectors) {
		return new RequestInspectors(inspectors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	UsageExtractors llmUsageExtractors(ObjectProvider<UsageExtractor> extractors) {
		return new UsageExtractors(extractors.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ChatResponse.class)
	static class SpringAiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpringAiRequestInspector springAiRequestInspector() {
			return new SpringAiRequestInspector();
		}

		@Bean
		@ConditionalOnMissingBean
		SpringAiUsageExtractor springAiUsageExtractor(ObjectProvider<AnthropicSdkUsageExtractor> anthropic,
				ObjectProvider<OpenAiSdkUsageExtractor> openAi) {
			return new SpringAiUsageExtractor(Stream.concat(anthropic.stream(), openAi.stream()).toList(),
					Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MessageCreateParams.class)
	static class AnthropicSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AnthropicSdkRequestInspector anthropicSdkRequestInspector() {
			return new AnthropicSdkRequestInspector();
		}

		@Bean
		@ConditionalOnMissingBean
		AnthropicSdkUsageExtractor anthropicSdkUsageExtractor() {
			return new AnthropicSdkUsageExtractor();
		}

		@Bean
		@ConditionalOnMissingBean
		AnthropicSdkFailureResponses anthropicSdkFailureResponses() {
			return new AnthropicSdkFailureResponses();
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "llm.ratelimit.sdk.observe-clients", matchIfMissing = true)
		static AnthropicClientObservingPostProcessor anthropicClientObservingPostProcessor(
				ObjectProvider<LlmRateLimiter> limiter) {
			return new AnthropicClientObservingPostProcessor(limiter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ChatCompletionCreateParams.class)
	static class OpenAiSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OpenAiSdkRequestInspector openAiSdkRequestInspector() {
			return new OpenAiSdkRequestInspector();
		}

		@Bean
		@ConditionalOnMissingBean
		OpenAiSdkUsageExtractor openAiSdkUsageExtractor() {
			return new OpenAiSdkUsageExtractor();
		}

		@Bean
		@ConditionalOnMissingBean
		OpenAiSdkFailureResponses openAiSdkFailureResponses() {
			return new OpenAiSdkFailureResponses();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ChatRequest.class)
	static class LangChain4jConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LangChain4jRequestInspector langChain4jRequestInspector() {
			return new LangChain4jRequestInspector();
		}

		@Bean
		@ConditionalOnMissingBean
		LangChain4jUsageExtractor langChain4jUsageExtractor() {
			return new LangChain4jUsageExtractor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Encodings.class)
	static class JtokkitConfiguration {

		@Bean
		@ConditionalOnMissingBean(TokenEstimator.class)
		JtokkitTokenEstimator jtokkitTokenEstimator() {
			return new JtokkitTokenEstimator();
		}

	}

}
