package dev.llmratelimit.springai.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.internal.UsageExtractors;

import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * Reads Spring AI's {@link ChatResponse}: the usage in its metadata, and its
 * {@link org.springframework.ai.chat.metadata.RateLimit RateLimit} metadata turned back
 * into the provider's rate-limit headers.
 * <p>
 * When the usage wraps a provider SDK's own usage object that one of the given native
 * extractors understands (the Anthropic or OpenAI SDK's), that one is read, so cache reads
 * and writes are counted exactly. Otherwise Spring AI's prompt tokens are taken as all
 * input, of which its cache read and write counts are a part.
 */
public final class SpringAiUsageExtractor implements UsageExtractor {

	private final UsageExtractors nativeUsage;

	private final SpringAiRateLimitHeaders rateLimitHeaders;

	/**
	 * Creates an extractor without native usage support, on the system clock.
	 */
	public SpringAiUsageExtractor() {
		this(List.of(), Clock.systemUTC());
	}

	/**
	 * Creates an extractor.
	 * @param nativeUsageExtractors extractors for the provider SDK usage objects Spring AI
	 * wraps
	 * @param clock the clock used to turn reset durations into reset instants
	 */
	public SpringAiUsageExtractor(List<? extends UsageExtractor> nativeUsageExtractors, Clock clock) {
		this.nativeUsage = new UsageExtractors(nativeUsageExtractors);
		this.rateLimitHeaders = new SpringAiRateLimitHeaders(clock);
	}

	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		return metadataOf(result).map(ChatResponseMetadata::getUsage).flatMap(this::toUsage);
	}

	@Override
	public Optional<ProviderResponse> rateLimitsOf(Object result) {
		return metadataOf(result).map(ChatResponseMetadata::getRateLimit).flatMap(this.rateLimitHeaders::toResponse);
	}

	private static Optional<ChatResponseMetadata> metadataOf(Object result) {
		return (result instanceof ChatResponse response) ? Optional.ofNullable(response.getMetadata())
				: Optional.empty();
	}

	private Optional<LlmUsage> toUsage(Usage usage) {
		if (usage instanceof EmptyUsage || (usage.getPromptTokens() == null && usage.getCompletionTokens() == null)) {
			return Optional.empty();
		}
		Optional<LlmUsage> exact = (usage.getNativeUsage() != null) ? this.nativeUsage.usageOf(usage.getNativeUsage())
				: Optional.empty();
		return exact.isPresent() ? exact : Optional.of(fromTotals(usage));
	}

	private static LlmUsage fromTotals(Usage usage) {
		long prompt = count(usage.getPromptTokens());
		long cacheRead = count(usage.getCacheReadInputTokens());
		long cacheWrite = count(usage.getCacheWriteInputTokens());
		if (cacheRead + cacheWrite > prompt) {
			return new LlmUsage(prompt, count(usage.getCompletionTokens()), 0, 0);
		}
		return new LlmUsage(prompt - cacheRead - cacheWrite, count(usage.getCompletionTokens()), cacheRead, cacheWrite);
	}

	private static long count(Number count) {
		return (count != null) ? Math.max(0, count.longValue()) : 0;
	}

}
