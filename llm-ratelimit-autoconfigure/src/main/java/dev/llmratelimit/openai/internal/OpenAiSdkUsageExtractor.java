package dev.llmratelimit.openai.internal;

import java.util.Optional;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * Reads the usage of the official OpenAI Java SDK's {@link ChatCompletion} (or of its
 * {@link CompletionUsage} alone, as Spring AI exposes it). OpenAI counts
 * cached prompt tokens inside {@code prompt_tokens}; they are reported here as cache reads
 * and left out of the input tokens.
 */
public final class OpenAiSdkUsageExtractor implements UsageExtractor {

	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		if (result instanceof ChatCompletion completion) {
			return completion._usage().asKnown().map(OpenAiSdkUsageExtractor::toUsage);
		}
		if (result instanceof CompletionUsage usage) {
			return Optional.of(toUsage(usage));
		}
		return Optional.empty();
	}

	private static LlmUsage toUsage(CompletionUsage usage) {
		long prompt = usage._promptTokens().asKnown().orElse(0L);
		long cached = usage._promptTokensDetails()
			.asKnown()
			.flatMap((details) -> details._cachedTokens().asKnown())
			.orElse(0L);
		cached = Math.max(0, Math.min(cached, prompt));
		return new LlmUsage(prompt - cached, usage._completionTokens().asKnown().orElse(0L), cached, 0);
	}

}
