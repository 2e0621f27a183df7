package dev.llmratelimit.benchmarks.situations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "provider's truth" table of issue 10, on a manual clock: each situation's exact
 * figures with the engine that closes the loop on the provider's figures (limit changes
 * followed at once, rounded remaining read as a range, in-flight holds, external
 * consumption estimated, headers routed to the model they belong to). A change to the
 * engine's learning changes them on purpose and updates them here and in
 * benchmarks/README.md, where the figures before that engine are kept too.
 */
@Timeout(60)
class SituationsTests {

	@Test
	void fixedLimitsSoleConsumer() {
		assertResult(Situation.fixedLimits(), 46, 0, 0, 46, 100.0);
	}

	@Test
	void providerDoublesEveryLimit() {
		assertResult(Situation.promotion(), 110, 0, 0, 108, 100.0);
	}

	@Test
	void providerHalvesOutputTokensPerMinute() {
		assertResult(Situation.outputCut(), 32, 0, 0, 34, 100.0);
	}

	@Test
	void neighbourSpendsHalfTheOutputMeter() {
		assertResult(Situation.neighbour(), 21, 0, 0, 21, 100.0);
	}

	@Test
	void secondModelCalledUnguardedThroughTheSameClient() {
		assertResult(Situation.unguardedSecondModel(), 48, 0, 0, 49, 100.0);
	}

	@Test
	void threeInstancesEachWithTheConsoleLimitsAndNoSharedStore() {
		assertResult(Situation.threeInstancesWithoutSharedStore(), 51, 1, 9, 50, 100.0);
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
