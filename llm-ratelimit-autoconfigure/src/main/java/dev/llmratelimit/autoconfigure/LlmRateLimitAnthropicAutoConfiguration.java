package dev.llmratelimit.autoconfigure;

import com.anthropic.models.messages.MessageCreateParams;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.anthropic.internal.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.anthropic.internal.AnthropicSdkFailureResponses;
import dev.llmratelimit.anthropic.internal.AnthropicSdkRequestInspector;
import dev.llmratelimit.anthropic.internal.AnthropicSdkUsageExtractor;
import dev.llmratelimit.guard.ReservationContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the official Anthropic Java SDK: the limiter reads its
 * {@code MessageCreateParams}, its {@code Message} usage and its errors, and Anthropic
 * client beans report the rate-limit headers of their responses (off with
 * {@code llm.ratelimit.anthropic.observe-clients=false}). Off with
 * {@code llm.ratelimit.anthropic.enabled=false}.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
@ConditionalOnClass(MessageCreateParams.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.anthropic.enabled", matchIfMissing = true)
public final class LlmRateLimitAnthropicAutoConfiguration {

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
	@ConditionalOnBooleanProperty(name = "llm.ratelimit.anthropic.observe-clients", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "llm.ratelimit.sdk.observe-clients", matchIfMissing = true)
	static AnthropicClientObservingPostProcessor anthropicClientObservingPostProcessor(
			ObjectProvider<LlmRateLimiter> limiter) {
		return new AnthropicClientObservingPostProcessor(limiter,
				() -> ReservationContext.current().map(Reservation::model));
	}

}
