package dev.llmratelimit.core.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model's observed calls mean for its limits: which meter binds, how many requests
 * per minute the limits sustain, how many calls to run at once, whether calls reserve far
 * more output than they produce, and what the prompt cache saved. Meters are named by
 * their property names ({@code tokens-per-minute}, ...). Fields are {@code null} when
 * nothing was observed to compute them from.
 *
 * @param model the model id
 * @param observedCalls settled calls the advice is based on
 * @param meanInputTokens mean input tokens per call
 * @param meanOutputTokens mean output tokens per call
 * @param requestsPerMinuteByMeter requests per minute each rate-limited meter sustains at
 * the observed mean cost per call
 * @param bindingMeter the meter that sustains the fewest requests, or {@code null}
 * @param sustainableRequestsPerMinute the requests per minute the binding meter sustains,
 * or {@code null}
 * @param meanLatencyMillis mean call latency, from admission to settlement, or
 * {@code null}
 * @param recommendedConcurrency calls to run at once: the sustainable rate times the
 * latency (Little's law), capped by the concurrency limit; or {@code null}
 * @param maxTokensAudit reserved against produced output tokens of the whole model, or
 * {@code null}
 * @param callSites the same audit per call site that reported itself
 * @param cacheSavings input tokens served from the prompt cache, or {@code null}
 */
public record RateLimitAdvice(String model, int observedCalls, Double meanInputTokens, Double meanOutputTokens,
		Map<String, Double> requestsPerMinuteByMeter, String bindingMeter, Double sustainableRequestsPerMinute,
		Double meanLatencyMillis, Integer recommendedConcurrency, MaxTokensAudit maxTokensAudit,
		Map<String, MaxTokensAudit> callSites, CacheSavings cacheSavings) {

	/**
	 * Copies the maps into unmodifiable ones.
	 */
	public RateLimitAdvice {
		requestsPerMinuteByMeter = Collections.unmodifiableMap(new LinkedHashMap<>(requestsPerMinuteByMeter));
		callSites = Collections.unmodifiableMap(new LinkedHashMap<>(callSites));
	}

	/**
	 * Output tokens reserved against produced, and what a tighter max tokens would free.
	 *
	 * @param calls calls audited
	 * @param reservedMaxTokens mean output tokens reserved per call
	 * @param meanOutputTokens mean output tokens produced per call
	 * @param p95OutputTokens 95th percentile of produced output tokens
	 * @param p99OutputTokens 99th percentile of produced output tokens
	 * @param maxOutputTokens most output tokens one call produced
	 * @param suggestedMaxTokens a max tokens that still covers the 99th percentile with a
	 * 25% margin (never more than what is reserved now)
	 * @param freedTokensPerCall output tokens each call would stop holding while in flight
	 * with the suggested max tokens
	 */
	public record MaxTokensAudit(int calls, double reservedMaxTokens, double meanOutputTokens, long p95OutputTokens,
			long p99OutputTokens, long maxOutputTokens, long suggestedMaxTokens, double freedTokensPerCall) {
	}

	/**
	 * Input tokens the provider served from its prompt cache.
	 *
	 * @param inputTokens all input tokens reported (cache reads and writes included)
	 * @param cacheReadInputTokens input tokens read from the cache
	 * @param uncountedInputTokens input tokens that did not count toward input meters
	 * @param uncountedFraction share of the input that did not count, between 0 and 1
	 */
	public record CacheSavings(long inputTokens, long cacheReadInputTokens, long uncountedInputTokens,
			double uncountedFraction) {
	}

}
