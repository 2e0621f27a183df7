package dev.llmratelimit.benchmarks.situations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "provider's truth" table of issue 10, on a manual clock: each situation's exact
 * figures with today's engine. These are the "before" figures; a change to the engine's
 * learning changes them on purpose and updates them here and in benchmarks/README.md.
 */
@Timeout(60)
class SituationsTests {

	@Test
	void fixedLimitsSoleConsumer() {
		assertResult(Situation.fixedLimits(), 53, 0, 0, 53, 100.0);
	}

	@Test
	void providerDoublesEveryLimit() {
		assertResult(Situation.promotion(), 119, 0, 0, 116, 72.6);
	}

	@Test
	void providerHalvesOutputTokensPerMinute() {
		assertResult(Situation.outputCut(), 10, 0, 0, 12, 59.8);
	}

	@Test
	void neighbourSpendsHalfTheOutputMeter() {
		assertResult(Situation.neighbour(), 34, 4, 20, 29, 100.0);
	}

	@Test
	void secondModelCalledUnguardedThroughTheSameClient() {
		assertResult(Situation.unguardedSecondModel(), 59, 11, 24, 49, 100.0);
	}

	@Test
	void runsShouldBeDeterministic() {
		assertThat(new SituationRun(Situation.neighbour()).run()).isEqualTo(new SituationRun(Situation.neighbour()).run());
	}

	private static void assertResult(Situation situation, long calls, long rejected, long rejectedInRun,
			long completed, double bindingUsedPercent) {
		SituationResult result = new SituationRun(situation).run();
		System.out.println(result);
		assertThat(result).isEqualTo(new SituationResult(situation.name(), calls, rejected, rejectedInRun, completed,
				bindingUsedPercent));
	}

}
