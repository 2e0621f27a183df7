package dev.llmratelimit.autoconfigure;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmratelimit.openai.internal.OpenAiSdkFailureResponses;
import dev.llmratelimit.openai.internal.OpenAiSdkRequestInspector;
import dev.llmratelimit.openai.internal.OpenAiSdkUsageExtractor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the official OpenAI Java SDK: the limiter reads its
 * {@code ChatCompletionCreateParams}, its {@code ChatCompletion} usage and its errors. Off
 * with {@code llm.ratelimit.openai.enabled=false}.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
@ConditionalOnClass(ChatCompletionCreateParams.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.openai.enabled", matchIfMissing = true)
public final class LlmRateLimitOpenAiAutoConfiguration {

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
