package dev.llmratelimit.usage;

import java.util.Optional;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;

/**
 * Reads what the result of a rate-limited method tells about the call: the tokens it used
 * and, when the result carries them, the provider's rate-limit data. Implement it for your
 * own result types and declare it as a bean.
 */
@FunctionalInterface
public interface UsageExtractor {

	/**
	 * Extracts the tokens a call used.
	 * @param result the method's result, possibly {@code null}
	 * @return the usage, or empty when this extractor does not know the result's type or
	 * the result carries no usage
	 */
	Optional<LlmUsage> usageOf(Object result);

	/**
	 * Extracts the provider's rate-limit data, as the headers the provider sent, to feed
	 * {@link dev.llmratelimit.LlmRateLimiter#observe}.
	 * @param result the method's result, possibly {@code null}
	 * @return the response, or empty when the result carries no rate-limit data
	 */
	default Optional<ProviderResponse> rateLimitsOf(Object result) {
		return Optional.empty();
	}

}
