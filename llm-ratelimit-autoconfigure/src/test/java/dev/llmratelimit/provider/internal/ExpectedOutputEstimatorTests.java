package dev.llmratelimit.provider.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedOutputEstimatorTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 4 })
	void expectsMaxTokensWhileWarmingUp(int observations) {
		ExpectedOutputEstimator estimator = new ExpectedOutputEstimator();
		for (int i = 0; i < observations; i++) {
			estimator.observe(100);
		}
		assertThat(estimator.expected(4096)).isEqualTo(4096);
	}

	@Test
	void expectsTheObservedOutputWhenItNeverVaries() {
		ExpectedOutputEstimator estimator = observed(200, 200, 200, 200, 200);
		assertThat(estimator.expected(4096)).isEqualTo(200);
	}

	@Test
	void expectsMoreThanTheMeanWhenOutputsVary() {
		ExpectedOutputEstimator estimator = observed(100, 300, 100, 300, 100, 300, 100, 300, 100, 300);
		assertThat(estimator.expected(4096)).isBetween(300L, 450L);
	}

	@Test
	void neverExpectsMoreThanMaxTokens() {
		ExpectedOutputEstimator estimator = observed(5000, 5000, 5000, 5000, 5000);
		assertThat(estimator.expected(1024)).isEqualTo(1024);
	}

	@Test
	void expectsAtLeastOneToken() {
		ExpectedOutputEstimator estimator = observed(0, 0, 0, 0, 0);
		assertThat(estimator.expected(1024)).isEqualTo(1);
	}

	@Test
	void followsOutputsThatGrow() {
		ExpectedOutputEstimator estimator = observed(100, 100, 100, 100, 100);
		for (int i = 0; i < 50; i++) {
			estimator.observe(800);
		}
		assertThat(estimator.expected(4096)).isBetween(750L, 900L);
	}

	private static ExpectedOutputEstimator observed(long... outputs) {
		ExpectedOutputEstimator estimator = new ExpectedOutputEstimator();
		for (long output : outputs) {
			estimator.observe(output);
		}
		return estimator;
	}

}
