package dev.llmratelimit.langchain4j.internal;

import java.util.Optional;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * Reads the token usage of LangChain4j's {@link ChatResponse}.
 */
public final class LangChain4jUsageExtractor implements UsageExtractor {

	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		if (!(result instanceof ChatResponse response) || response.tokenUsage() == null) {
			return Optional.empty();
		}
		TokenUsage usage = response.tokenUsage();
		return Optional.of(LlmUsage.of(count(usage.inputTokenCount()), count(usage.outputTokenCount())));
	}

	private static long count(Integer count) {
		return (count != null) ? Math.max(0, count) : 0;
	}

}
