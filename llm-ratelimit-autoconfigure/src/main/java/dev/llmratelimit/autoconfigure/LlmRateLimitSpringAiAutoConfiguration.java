package dev.llmratelimit.autoconfigure;

import java.time.Clock;
import java.util.stream.Stream;

import dev.llmratelimit.anthropic.internal.AnthropicSdkUsageExtractor;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.openai.internal.OpenAiSdkUsageExtractor;
import dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor;
import dev.llmratelimit.springai.internal.LlmRateLimitChatClientCustomizer;
import dev.llmratelimit.springai.internal.SpringAiRequestInspector;
import dev.llmratelimit.springai.internal.SpringAiUsageExtractor;

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

/**
 * Auto-configuration of Spring AI: the limiter reads its {@code Prompt}s and
 * {@code ChatResponse}s (usage and {@code RateLimit} metadata, or the provider SDK's
 * response inside), and Spring AI's auto-configured {@code ChatClient.Builder} gets the
 * rate-limiting advisor (off with {@code llm.ratelimit.spring-ai.advisor.enabled=false}).
 * Off with {@code llm.ratelimit.spring-ai.enabled=false}.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration",
		after = { LlmRateLimitAnthropicAutoConfiguration.class, LlmRateLimitOpenAiAutoConfiguration.class })
@ConditionalOnClass(ChatResponse.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.spring-ai.enabled", matchIfMissing = true)
public final class LlmRateLimitSpringAiAutoConfiguration {

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
