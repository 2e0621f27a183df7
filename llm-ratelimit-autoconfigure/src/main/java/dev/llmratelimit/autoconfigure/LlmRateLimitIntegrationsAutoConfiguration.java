package dev.llmratelimit.autoconfigure;

import java.time.Clock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.anthropic.models.messages.MessageCreateParams;
import com.knuddels.jtokkit.Encodings;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.ChatModel;

import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.http.AnthropicSdkFailureResponses;
import dev.llmratelimit.http.OpenAiSdkFailureResponses;
import dev.llmratelimit.langchain4j.LangChain4jFailureResponses;
import dev.llmratelimit.langchain4j.RateLimitedChatModel;
import dev.llmratelimit.langchain4j.RateLimitedChatModelPostProcessor;
import dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor;
import dev.llmratelimit.springai.LlmRateLimitChatClientCustomizer;
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
 * Without any annotation, Spring AI's auto-configured {@code ChatClient.Builder} gets a
 * rate-limiting advisor (off with {@code llm.ratelimit.spring-ai.advisor.enabled=false}) and
 * LangChain4j {@code ChatModel} beans are decorated (off with
 * {@code llm.ratelimit.langchain4j.chat-model.enabled=false}).
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

		/**
		 * The advisor every auto-configured {@code ChatClient.Builder} gets.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ChatClientBuilderCustomizer.class)
		@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
		@ConditionalOnBooleanProperty(name = "llm.ratelimit.spring-ai.advisor.enabled", matchIfMissing = true)
		static class ChatClientAdvisorConfiguration {

			@Bean
			@ConditionalOnMissingBean
			LlmRateLimitChatClientAdvisor llmRateLimitChatClientAdvisor(ObjectProvider<LlmCallTemplate> template) {
				return new LlmRateLimitChatClientAdvisor(SingletonSupplier.of(template::getObject));
			}

			@Bean
			@ConditionalOnMissingBean
			LlmRateLimitChatClientCustomizer llmRateLimitChatClientCustomizer(LlmRateLimitChatClientAdvisor advisor) {
				return new LlmRateLimitChatClientCustomizer(advisor);
			}

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
			return new AnthropicClientObservingPostProcessor(limiter,
					() -> ReservationContext.current().map(Reservation::model));
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
	@ConditionalOnClass(ChatModel.class)
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

		@Bean
		@ConditionalOnMissingBean
		LangChain4jFailureResponses langChain4jFailureResponses() {
			return new LangChain4jFailureResponses();
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
		@ConditionalOnBooleanProperty(name = "llm.ratelimit.langchain4j.chat-model.enabled", matchIfMissing = true)
		static RateLimitedChatModelPostProcessor rateLimitedChatModelPostProcessor(
				ObjectProvider<LlmCallTemplate> template) {
			Supplier<LlmCallTemplate> templateSupplier = SingletonSupplier.of(template::getObject);
			return new RateLimitedChatModelPostProcessor((model) -> new RateLimitedChatModel(model, templateSupplier));
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
