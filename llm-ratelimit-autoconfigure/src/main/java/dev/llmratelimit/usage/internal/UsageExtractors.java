package dev.llmratelimit.usage.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.usage.UsageExtractor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Asks a list of {@link UsageExtractor extractors}, in order, about the result of a call;
 * the first non-empty answer wins. An extractor that throws is skipped: reading a result
 * never breaks the call.
 */
public final class UsageExtractors implements UsageExtractor {

	private static final Log logger = LogFactory.getLog(UsageExtractors.class);

	private final List<UsageExtractor> extractors;

	/**
	 * Creates a composite of the given extractors.
	 * @param extractors the extractors, in the order they are asked
	 */
	public UsageExtractors(List<? extends UsageExtractor> extractors) {
		this.extractors = List.copyOf(extractors);
	}

	/**
	 * Extracts the tokens a call used.
	 * @param result the method's result
	 * @return the usage of the first extractor that knows it, or empty
	 */
	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		return first(result, UsageExtractor::usageOf);
	}

	/**
	 * Extracts the provider's rate-limit data carried by a result.
	 * @param result the method's result
	 * @return the response of the first extractor that finds one, or empty
	 */
	@Override
	public Optional<ProviderResponse> rateLimitsOf(Object result) {
		return first(result, UsageExtractor::rateLimitsOf);
	}

	private <T> Optional<T> first(Object result, BiFunction<UsageExtractor, Object, Optional<T>> extraction) {
		if (result == null) {
			return Optional.empty();
		}
		for (UsageExtractor extractor : this.extractors) {
			try {
				Optional<T> found = extraction.apply(extractor, result);
				if (found.isPresent()) {
					return found;
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Usage extractor " + extractor.getClass().getName() + " failed on "
						+ result.getClass().getName(), ex);
			}
		}
		return Optional.empty();
	}

}
