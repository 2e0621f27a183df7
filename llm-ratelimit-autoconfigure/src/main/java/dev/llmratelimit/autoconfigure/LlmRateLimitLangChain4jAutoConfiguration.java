package dev.llmratelimit.autoconfigure;

import java.util.function.Supplier;

import dev.langchain4j.model.chat.ChatModel;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.langchain4j.RateLimitedChatModel;
import dev.llmratelimit.langchain4j.internal.LangChain4jFailureResponses;
import dev.llmratelimit.langchain4j.internal.LangChain4jRequestInspector;
import dev.llmratelimit.langchain4j.internal.LangChain4jUsageExtractor;
import dev.llmratelimit.langchain4j.internal.RateLimitedChatModelPostProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of LangChain4j: the limiter reads its {@code ChatRequest}s,
 * {@code ChatResponse}s and errors, and {@code ChatModel} beans are decorated to stay
 * inside their rate limits (off with
 * {@code llm.ratelimit.langchain4j.chat-model.enabled=false}). Off with
 * {@code llm.ratelimit.langchain4j.enabled=false}.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
@ConditionalOnClass(ChatModel.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.langchain4j.enabled", matchIfMissing = true)
public final class LlmRateLimitLangChain4jAutoConfiguration {

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
		Supplier<LlmCallTemplate> templates = SingletonSupplier.of(template::getObject);
		return new RateLimitedChatModelPostProcessor((model) -> new RateLimitedChatModel(model, templates));
	}

}
