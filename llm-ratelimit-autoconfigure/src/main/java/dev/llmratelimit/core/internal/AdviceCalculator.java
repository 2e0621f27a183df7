package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.ObservedCalls.CacheReads;
import dev.llmratelimit.core.internal.ObservedCalls.OutputTokens;
import dev.llmratelimit.core.internal.RateLimitAdvice.CacheSavings;
import dev.llmratelimit.core.internal.RateLimitAdvice.MaxTokensAudit;

/**
 * Turns a model's limits and its observed calls into {@link RateLimitAdvice}:
 * <ul>
 * <li>each rate meter sustains {@code limit / mean cost per call} calls per window; the
 * meter sustaining the fewest requests per minute binds;</li>
 * <li>the recommended concurrency is Little's law, sustainable rate times mean latency,
 * rounded up and capped by the concurrency limit ("size your worker pool to whichever
 * number is lower");</li>
 * <li>the max-tokens audit suggests the 99th percentile of produced output plus 25%;</li>
 * <li>cache savings count the input tokens that were not charged to input meters.</li>
 * </ul>
 */
public final class AdviceCalculator {

	private static final double MAX_TOKENS_MARGIN = 1.25;

	private static final double NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

	private AdviceCalculator() {
	}

	/**
	 * Computes the advice for one model.
	 * @param limits the model's current limits (configured or learned)
	 * @param observed what was observed of its calls
	 * @return the advice
	 */
	public static RateLimitAdvice advise(ModelLimits limits, ObservedCalls observed) {
		if (observed.calls() == 0) {
			return new RateLimitAdvice(limits.model(), 0, null, null, Map.of(), null, null, null,
					concurrencyLimit(limits), null, Map.of(), null);
		}
		Map<String, Double> perMeter = requestsPerMinuteByMeter(limits, observed);
		String binding = null;
		Double sustainable = null;
		for (Map.Entry<String, Double> entry : perMeter.entrySet()) {
			if (sustainable == null || entry.getValue() < sustainable) {
				binding = entry.getKey();
				sustainable = entry.getValue();
			}
		}
		Double latencyMillis = (observed.meanLatencyNanos() >= 0) ? observed.meanLatencyNanos() / 1e6 : null;
		boolean usageSeen = observed.output().calls() > 0;
		Map<String, MaxTokensAudit> callSites = new LinkedHashMap<>();
		observed.callSites().forEach((site, output) -> callSites.put(site, audit(output)));
		return new RateLimitAdvice(limits.model(), observed.calls(), usageSeen ? observed.meanInputTokens() : null,
				usageSeen ? observed.meanOutputTokens() : null, perMeter, binding, sustainable, latencyMillis,
				recommendedConcurrency(limits, sustainable, observed.meanLatencyNanos()),
				usageSeen ? audit(observed.output()) : null, callSites, usageSeen ? savings(observed.cache()) : null);
	}

	private static Map<String, Double> requestsPerMinuteByMeter(ModelLimits limits, ObservedCalls observed) {
		Map<String, Double> perMeter = new LinkedHashMap<>();
		limits.limits().forEach((meter, limit) -> {
			Double meanCost = observed.meanCost().get(meter);
			if (meter.refills() && meanCost != null && meanCost > 0) {
				Duration window = meter.window().orElseThrow();
				perMeter.put(meter.propertyName(), limit / meanCost * NANOS_PER_MINUTE / window.toNanos());
			}
		});
		return perMeter;
	}

	private static Integer recommendedConcurrency(ModelLimits limits, Double sustainable, long latencyNanos) {
		Integer cap = concurrencyLimit(limits);
		if (sustainable == null || latencyNanos < 0) {
			return cap;
		}
		int littles = (int) Math.max(1, Math.ceil(sustainable * latencyNanos / NANOS_PER_MINUTE));
		return (cap != null) ? Math.min(cap, littles) : littles;
	}

	private static Integer concurrencyLimit(ModelLimits limits) {
		Long limit = limits.limits().get(Meter.CONCURRENT_REQUESTS);
		return (limit != null) ? (int) Math.min(Integer.MAX_VALUE, limit) : null;
	}

	private static MaxTokensAudit audit(OutputTokens output) {
		long suggested = Math.max(1, (long) Math.ceil(output.p99() * MAX_TOKENS_MARGIN));
		if (output.meanReserved() > 0) {
			suggested = Math.min(suggested, (long) Math.ceil(output.meanReserved()));
		}
		double freed = Math.max(0, output.meanReserved() - suggested);
		return new MaxTokensAudit(output.calls(), output.meanReserved(), output.mean(), output.p95(), output.p99(),
				output.max(), suggested, freed);
	}

	private static CacheSavings savings(CacheReads cache) {
		double fraction = (cache.inputTokens() > 0) ? (double) cache.uncountedInputTokens() / cache.inputTokens() : 0;
		return new CacheSavings(cache.inputTokens(), cache.cacheReadInputTokens(), cache.uncountedInputTokens(),
				fraction);
	}

}
