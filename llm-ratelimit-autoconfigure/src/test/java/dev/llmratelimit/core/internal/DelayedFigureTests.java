package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for how a {@link LocalBudget} reads a rounded remaining and a reset instant that
 * reach it seconds after the provider produced them, against a provider bucket of 16,000
 * tokens a minute (266.67 a second) kept by the test. The provider refills while the
 * response is on its way: the level its reset instant gives at the observation includes
 * that refill, as the provider's does. What a cap can leave above the provider's level is
 * the rounding of the reset instant up to a whole second, half a second's refill at most.
 */
class DelayedFigureTests {

	private static final Meter TPM = Meter.TOKENS_PER_MINUTE;

	private static final long LIMIT = 16_000;

	private static final double PER_SECOND = LIMIT / 60.0;

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void figureThatSpentTwoSecondsOnItsWayShouldNotLeaveTheLevelAboveTheProviders() {
		LocalBudget budget = budget();
		// a neighbour spent 4,000 at the start; this budget's call leaves at once
		Lease call = budget.acquire(tokens(1024), 0).lease();
		budget.requestSent(call);
		this.time.advance(Duration.ofMillis(100));
		// the provider charges the call and answers at 0.1 s: 11,002.67 left, full in 18.74 s
		double provider = LIMIT - 4000 + 0.1 * PER_SECOND - 1024;
		assertThat(provider).isCloseTo(11_002.67, within(0.01));
		// the response reaches the budget 2 s later: full at 19 s (rounded up), 16.9 s away
		this.time.advance(Duration.ofSeconds(2));
		provider += 2 * PER_SECOND;
		budget.observe(figure(11_000, Duration.ofMillis(16_900)), call);
		// range [11,493.33, 11,500] (the reset's level at the observation, refill included)
		assertThat(available(budget)).isCloseTo(11_496.67, within(0.01));
		assertThat(provider).isCloseTo(11_536.00, within(0.01));
		assertThat(available(budget)).isLessThan(provider);
	}

	@Test
	void capToTheMiddleOfTheResetsSecondShouldLeaveTheLevelAtMostHalfASecondsRefillAboveTheProviders() {
		LocalBudget budget = budget();
		Lease call = budget.acquire(tokens(1024), 0).lease();
		this.time.advance(Duration.ofMillis(900));
		budget.requestSent(call);
		this.time.advance(Duration.ofMillis(100));
		// the provider answers at 1 s with 10,666.67 left: full in 20 s, at 21 s exactly
		double provider = LIMIT - 20 * PER_SECOND;
		this.time.advance(Duration.ofSeconds(2));
		provider += 2 * PER_SECOND;
		budget.observe(figure(11_000, Duration.ofSeconds(18)), call);
		// range [11,200, 11,466.67]: the truth is its low end, the cap its middle
		assertThat(provider).isCloseTo(11_200.00, within(0.01));
		assertThat(available(budget)).isCloseTo(11_333.33, within(0.01));
		assertThat(available(budget) - provider).isCloseTo(PER_SECOND / 2, within(0.01));
	}

	private LocalBudget budget() {
		return new LocalBudget(ModelLimits.builder("m").limit(TPM, LIMIT).build(), this.time,
				LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ofMillis(500)));
	}

	private static ProviderSnapshot figure(double remaining, Duration reset) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(TPM, new MeterReading((long) LIMIT, remaining, reset, 1000)),
				null, null);
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(TPM, amount).build();
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(TPM).available();
	}

}
