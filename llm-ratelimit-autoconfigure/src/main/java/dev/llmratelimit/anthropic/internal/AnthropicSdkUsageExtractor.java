package dev.llmratelimit.anthropic.internal;

import java.util.Optional;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.Usage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * Reads the usage of the official Anthropic Java SDK's {@link Message} (or of its
 * {@link Usage} alone, as Spring AI exposes it), including prompt cache reads and writes.
 */
public final class AnthropicSdkUsageExtractor implements UsageExtractor {

	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		if (result instanceof Message message) {
			return message._usage().asKnown().map(AnthropicSdkUsageExtractor::toUsage);
		}
		if (result instanceof Usage usage) {
			return Optional.of(toUsage(usage));
		}
		return Optional.empty();
	}

	private static LlmUsage toUsage(Usage usage) {
		return new LlmUsage(usage._inputTokens().asKnown().orElse(0L), usage._outputTokens().asKnown().orElse(0L),
				usage.cacheReadInputTokens().orElse(0L), usage.cacheCreationInputTokens().orElse(0L));
	}

}
