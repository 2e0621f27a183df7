package dev.llmratelimit.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * What {@link CallStatistics} observed of a model's recent calls, the input of
 * {@link AdviceCalculator}.
 *
 * @param model the model id
 * @param calls settled calls in the sample (completed or failed, not cancelled or
 * throttled)
 * @param meanCost mean amount each call was finally charged per meter
 * @param meanInputTokens mean input tokens per call that reported usage (cache reads and
 * writes included)
 * @param meanOutputTokens mean output tokens per call that reported usage
 * @param meanLatencyNanos mean time from admission to settlement of completed calls, or
 * {@code -1} when none was measured
 * @param output reserved versus produced output tokens of the model's calls
 * @param callSites reserved versus produced output tokens per call site
 * @param cache input tokens read from the provider's cache since start
 */
public record ObservedCalls(String model, int calls, Map<Meter, Double> meanCost, double meanInputTokens,
		double meanOutputTokens, long meanLatencyNanos, OutputTokens output, Map<String, OutputTokens> callSites,
		CacheReads cache) {

	/**
	 * Copies the maps into unmodifiable ones.
	 */
	public ObservedCalls {
		meanCost = meanCost.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(meanCost));
		callSites = Collections.unmodifiableMap(new LinkedHashMap<>(callSites));
	}

	/**
	 * Output tokens reserved at admission against output tokens the calls produced.
	 *
	 * @param calls calls in the sample
	 * @param meanReserved mean output tokens reserved per call
	 * @param mean mean output tokens produced per call
	 * @param p95 95th percentile of produced output tokens
	 * @param p99 99th percentile of produced output tokens
	 * @param max most output tokens one call produced
	 */
	public record OutputTokens(int calls, double meanReserved, double mean, long p95, long p99, long max) {

		/** No call observed. */
		public static final OutputTokens NONE = new OutputTokens(0, 0, 0, 0, 0, 0);

	}

	/**
	 * Input tokens served from the provider's prompt cache.
	 *
	 * @param inputTokens all input tokens reported (cache reads and writes included)
	 * @param cacheReadInputTokens input tokens read from the cache
	 * @param uncountedInputTokens input tokens that were not charged to input meters
	 */
	public record CacheReads(long inputTokens, long cacheReadInputTokens, long uncountedInputTokens) {
	}

}
