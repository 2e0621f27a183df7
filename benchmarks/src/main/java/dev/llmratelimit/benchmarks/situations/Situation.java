package dev.llmratelimit.benchmarks.situations;

import java.time.Duration;
import java.util.function.UnaryOperator;

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
 */
public record Situation(String name, UnaryOperator<SimulatedProvider.Builder> provider, boolean secondModel,
		Duration measuredFrom) {

	/** The model the application guards. */
	public static final String MODEL = "claude-sonnet-4-5";

	/** The second model, called unguarded, with 100 times the limits. */
	public static final String SECOND_MODEL = "claude-haiku-4-5";

	/** The limits the console shows: output tokens per minute binds. */
	public static final SimulatedLimits LIMITS = SimulatedLimits.of(1_000, 100_000, 8_000);

	/**
	 * Fixed limits, sole consumer.
	 * @return the situation
	 */
	public static Situation fixedLimits() {
		return new Situation("fixed limits, sole consumer", UnaryOperator.identity(), false, Duration.ofSeconds(60));
	}

	/**
	 * The provider doubles every limit 40 s in (a tier promotion).
	 * @return the situation
	 */
	public static Situation promotion() {
		return new Situation("provider doubles every limit 40 s in",
				(builder) -> builder.limitChange(Duration.ofSeconds(40), MODEL, LIMITS.times(2)), false,
				Duration.ofSeconds(40));
	}

	/**
	 * The provider halves output tokens per minute 35 s in.
	 * @return the situation
	 */
	public static Situation outputCut() {
		return new Situation("provider halves OTPM 35 s in",
				(builder) -> builder.limitChange(Duration.ofSeconds(35), MODEL,
						LIMITS.withOutputTokensPerMinute(LIMITS.outputTokensPerMinute() / 2)),
				false, Duration.ofSeconds(35));
	}

	/**
	 * Another application spends about half the output meter on the same key.
	 * @return the situation
	 */
	public static Situation neighbour() {
		return new Situation("a neighbour spends ~half the output meter",
				(builder) -> builder.neighbour(SimulatedNeighbour.spending(MODEL, SimulatedMeter.OUTPUT_TOKENS,
						LIMITS.outputTokensPerMinute() / 2, 200)),
				false, Duration.ofSeconds(60));
	}

	/**
	 * Each guarded call also calls a second model (100x the limits) unguarded, through the
	 * same client.
	 * @return the situation
	 */
	public static Situation unguardedSecondModel() {
		return new Situation("each call also calls a second model (100x limits) unguarded",
				UnaryOperator.identity(), true, Duration.ofSeconds(60));
	}

}
