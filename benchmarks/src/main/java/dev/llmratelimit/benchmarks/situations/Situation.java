package dev.llmratelimit.benchmarks.situations;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.benchmarks.utilization.Workload;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.test.server.LatencyModel;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import dev.llmratelimit.test.simulator.SimulatedNeighbour;
import dev.llmratelimit.test.simulator.SimulatedProvider;

/**
 * One row of the "provider's truth" table (issue 10): what the provider does while the
 * application, configured with the limits its console showed at the start, calls it.
 *
 * @param name what happens, as the table says it
 * @param provider adds the situation to the simulated provider
 * @param secondModel whether each guarded call also calls a second model, unguarded,
 * whose response headers reach the guarded call's reservation (as they do through one
 * {@code RestClient})
 * @param measuredFrom start of the measured minute
 * @param instances application instances sharing the key, each with its own in-memory
 * limiter configured with the console's limits (no shared store)
 */
public record Situation(String name, UnaryOperator<SimulatedProvider.Builder> provider, boolean secondModel,
		Duration measuredFrom, int instances) {

	/** The model the application guards. */
	public static final String MODEL = "claude-sonnet-4-5";

	/** The second model, called unguarded, with 100 times the limits. */
	public static final String SECOND_MODEL = "claude-haiku-4-5";

	/** The limits the console shows: output tokens per minute binds. */
	public static final SimulatedLimits LIMITS = SimulatedLimits.of(1_000, 100_000, 8_000);

	/** How long the provider takes: 0.4 s to the first token, 60 output tokens a second. */
	public static final LatencyModel LATENCY = new LatencyModel(Duration.ofMillis(400), 50_000, 60);

	/**
	 * The requests: prompts of 100 to 1,000 tokens, {@code max_tokens} 1024.
	 * @return a fresh workload
	 */
	public static Workload workload() {
		return new Workload(100, 1_000, 1_024);
	}

	/**
	 * The application's limiter: the console's limits and the starter's defaults (admission
	 * margin 500 ms, observation lag 200 ms, the Anthropic dialect).
	 * @param time the clock
	 * @param maxWait the longest a reservation waits
	 * @return the limiter
	 */
	public static BudgetLimiter limiter(TimeSource time, Duration maxWait) {
		return limiter(time, maxWait, null);
	}

	/**
	 * The application's limiter, keeping its budget in a store of its own (such as a Redis
	 * store shared with other instances).
	 * @param time the clock
	 * @param maxWait the longest a reservation waits
	 * @param store where the budget is kept, or {@code null} for memory
	 * @return the limiter
	 */
	public static BudgetLimiter limiter(TimeSource time, Duration maxWait, BudgetFactory store) {
		BudgetLimiter.Builder builder = BudgetLimiter.builder();
		if (store != null) {
			builder.budgetFactory(store);
		}
		return builder
			.timeSource(time)
			.defaultMaxWait(maxWait)
			.admissionMargin(Duration.ofMillis(500))
			.observationLag(Duration.ofMillis(200))
			.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
			.model(ModelLimits.builder(MODEL)
				.provider(AnthropicDialect.ID)
				.limit(Meter.REQUESTS_PER_MINUTE, LIMITS.requestsPerMinute())
				.limit(Meter.INPUT_TOKENS_PER_MINUTE, LIMITS.inputTokensPerMinute())
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, LIMITS.outputTokensPerMinute())
				.defaultMaxTokens(1_024)
				.build())
			.build();
	}

	/**
	 * Fixed limits, sole consumer.
	 * @return the situation
	 */
	public static Situation fixedLimits() {
		return new Situation("fixed limits, sole consumer", UnaryOperator.identity(), false, Duration.ofSeconds(60),
				1);
	}

	/**
	 * The provider doubles every limit 40 s in (a tier promotion).
	 * @return the situation
	 */
	public static Situation promotion() {
		return new Situation("provider doubles every limit 40 s in",
				(builder) -> builder.limitChange(Duration.ofSeconds(40), MODEL, LIMITS.times(2)), false,
				Duration.ofSeconds(40), 1);
	}

	/**
	 * The provider halves output tokens per minute 35 s in.
	 * @return the situation
	 */
	public static Situation outputCut() {
		return new Situation("provider halves OTPM 35 s in",
				(builder) -> builder.limitChange(Duration.ofSeconds(35), MODEL,
						LIMITS.withOutputTokensPerMinute(LIMITS.outputTokensPerMinute() / 2)),
				false, Duration.ofSeconds(35), 1);
	}

	/**
	 * Another application spends about half the output meter on the same key.
	 * @return the situation
	 */
	public static Situation neighbour() {
		return new Situation("a neighbour spends ~half the output meter",
				(builder) -> builder.neighbour(SimulatedNeighbour.spending(MODEL, SimulatedMeter.OUTPUT_TOKENS,
						LIMITS.outputTokensPerMinute() / 2, 200)),
				false, Duration.ofSeconds(60), 1);
	}

	/**
	 * Each guarded call also calls a second model (100x the limits) unguarded, through the
	 * same client.
	 * @return the situation
	 */
	public static Situation unguardedSecondModel() {
		return new Situation("each call also calls a second model (100x limits) unguarded",
				UnaryOperator.identity(), true, Duration.ofSeconds(60), 1);
	}

	/**
	 * Three instances of the application on one key, each with the in-memory store and the
	 * console's limits: what running replicas without Redis gives.
	 * @return the situation
	 */
	public static Situation threeInstancesWithoutSharedStore() {
		return new Situation("3 instances, in-memory store each, console limits", UnaryOperator.identity(), false,
				Duration.ofSeconds(60), 3);
	}

}
