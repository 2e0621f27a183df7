package dev.llmratelimit.actuate.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.AdviceCalculator;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.ObservedCalls;
import dev.llmratelimit.core.internal.ObservedCalls.CacheReads;
import dev.llmratelimit.core.internal.ObservedCalls.OutputTokens;
import dev.llmratelimit.core.internal.RateLimitAdvice;

/**
 * Advice on each model's limits from what its calls were observed to do (see
 * {@link AdviceCalculator}): the binding meter, the sustainable request rate, the
 * concurrency to run, a max-tokens audit and what the prompt cache saved. The
 * {@code llmlimits} endpoint adds it to each model.
 */
public class LlmRateLimitAdvisor {

	private final LlmRateLimiter limiter;

	private final CallStatistics statistics;

	/**
	 * Creates the advisor.
	 * @param limiter the limiter, for the models' current limits
	 * @param statistics what was observed of the calls
	 */
	public LlmRateLimitAdvisor(LlmRateLimiter limiter, CallStatistics statistics) {
		this.limiter = Objects.requireNonNull(limiter, "limiter");
		this.statistics = Objects.requireNonNull(statistics, "statistics");
	}

	/**
	 * Advice for one model.
	 * @param model the model id (or an alias)
	 * @return the advice, empty when the model has no budget
	 */
	public Optional<RateLimitAdvice> advice(String model) {
		return this.limiter.limits(model).map(this::advice);
	}

	/**
	 * Advice for every model with a budget.
	 * @return advice by model id
	 */
	public Map<String, RateLimitAdvice> advice() {
		Map<String, RateLimitAdvice> all = new LinkedHashMap<>();
		for (String model : this.limiter.models()) {
			advice(model).ifPresent((advice) -> all.put(model, advice));
		}
		return Collections.unmodifiableMap(all);
	}

	private RateLimitAdvice advice(ModelLimits limits) {
		ObservedCalls observed = this.statistics.observed(limits.model()).orElseGet(() -> nothingObserved(limits));
		return AdviceCalculator.advise(limits, observed);
	}

	private static ObservedCalls nothingObserved(ModelLimits limits) {
		return new ObservedCalls(limits.model(), 0, Map.of(), 0, 0, -1, OutputTokens.NONE, Map.of(),
				new CacheReads(0, 0, 0));
	}

}
