package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Headroom.LimitSource;
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
 * Tests for how a {@link LocalBudget} follows a limit the provider changes (see
 * {@link LimitLearning}): to the provider's figure, at once, both ways; and for the
 * refusals a cut explains, which close nothing (see {@link LimitCuts}).
 */
class LimitChangeTests {

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	private final ManualTimeSource time = new ManualTimeSource();

	private final LocalBudget budget = new LocalBudget(ModelLimits.builder("m").limit(OTPM, 6000).build(), this.time,
			LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));

	@Test
	void promotionMovesTheLevelToTheProviderFigureNotByTheLimitIncrease() {
		this.budget.acquire(output(4000), 0);
		this.budget.observe(reading(12000L, 2500.0));
		assertThat(this.budget.state().meters().get(OTPM)).isEqualTo(new MeterState(12000, 2500, LimitSource.HEADERS));
	}

	@Test
	void promotionRefillsAtTheNewRateAtOnce() {
		this.budget.acquire(output(6000), 0);
		this.budget.observe(reading(12000L, 0.0));
		this.time.advance(Duration.ofSeconds(3));
		assertThat(available()).isCloseTo(600, within(1e-6));
	}

	@Test
	void promotionThatTheProviderAlreadyFilledIsUsedAtOnce() {
		this.budget.acquire(output(6000), 0);
		this.budget.observe(reading(12000L, 9000.0));
		assertThat(this.budget.acquire(output(9000), 0).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(this.budget.acquire(output(1), 0).status()).isEqualTo(Admission.Status.REJECTED);
	}

	@Test
	void cutRevealedByARefusalResumesAtTheNewRateWhenTheCooldownEnds() {
		this.budget.acquire(output(4000), 0);
		this.budget.observe(refused(3000L, 0.0, Duration.ofSeconds(2)));
		assertThat(available()).isZero();
		this.time.advance(Duration.ofSeconds(2));
		assertThat(available()).isCloseTo(100, within(1e-6));
		assertThat(this.budget.acquire(output(100), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void refusalOfACallAdmittedBeforeTheCutWasLearnedClosesNothing() {
		Lease inFlight = this.budget.acquire(output(1000), 0).lease();
		this.budget.observe(reading(3000L, 500.0));
		this.budget.observe(refused(3000L, 0.0, Duration.ofSeconds(20)), inFlight);
		this.budget.settle(inFlight, Cost.ZERO);
		assertThat(this.budget.state().cooldownRemainingNanos()).isZero();
		assertThat(available()).isZero();
		this.time.advance(Duration.ofSeconds(2));
		assertThat(this.budget.acquire(output(100), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void refusalThatRevealsTheCutClosesNothing() {
		Lease inFlight = this.budget.acquire(output(1000), 0).lease();
		this.budget.observe(refused(3000L, 0.0, Duration.ofSeconds(20)), inFlight);
		this.budget.settle(inFlight, Cost.ZERO);
		assertThat(this.budget.state().cooldownRemainingNanos()).isZero();
		this.time.advance(Duration.ofSeconds(2));
		assertThat(this.budget.acquire(output(100), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void refusalOfACallAdmittedAfterTheCutWasLearnedClosesTheModelUntilItsRetryAfter() {
		this.budget.observe(reading(3000L, 3000.0));
		this.time.advance(Duration.ofMillis(1));
		Lease admittedOnTheNewLimit = this.budget.acquire(output(1000), 0).lease();
		this.budget.observe(refused(3000L, 0.0, Duration.ofSeconds(20)), admittedOnTheNewLimit);
		this.budget.settle(admittedOnTheNewLimit, Cost.ZERO);
		assertThat(this.budget.state().cooldownRemainingNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
		this.time.advance(Duration.ofSeconds(2));
		assertThat(this.budget.acquire(output(100), 0).status()).isEqualTo(Admission.Status.REJECTED);
	}

	@Test
	void refusalWithoutItsCallClosesTheModelEvenAfterACut() {
		this.budget.acquire(output(1000), 0);
		this.budget.observe(reading(3000L, 500.0));
		this.budget.observe(refused(3000L, 0.0, Duration.ofSeconds(20)));
		assertThat(this.budget.state().cooldownRemainingNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
	}

	@Test
	void cutWithoutARefusalLeavesNoDebtWhenTheProviderStillHasBudget() {
		this.budget.acquire(output(5000), 0);
		this.budget.observe(reading(3000L, 1200.0));
		assertThat(this.budget.state().meters().get(OTPM)).isEqualTo(new MeterState(3000, 1200, LimitSource.HEADERS));
	}

	@Test
	void debtAfterACutIsNeverLargerThanTheNewCapacity() {
		LocalBudget lagging = new LocalBudget(ModelLimits.builder("m").limit(OTPM, 6000).build(), this.time,
				LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(1)));
		lagging.acquire(output(5000), 0);
		lagging.observe(reading(1000L, 0.0));
		assertThat(lagging.state().meters().get(OTPM).available()).isEqualTo(-1000);
		this.time.advance(Duration.ofSeconds(90));
		assertThat(lagging.acquire(output(500), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void sameLimitIsNoChangeAndKeepsTheBudgetsOwnBookkeepingBelowTheFigure() {
		this.budget.acquire(output(4000), 0);
		this.budget.observe(reading(6000L, 2500.0));
		assertThat(available()).isEqualTo(2000);
	}

	private double available() {
		return this.budget.state().meters().get(OTPM).available();
	}

	private static Cost output(double amount) {
		return Cost.builder().set(OTPM, amount).build();
	}

	private static ProviderSnapshot reading(Long limit, Double remaining) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(OTPM, new MeterReading(limit, remaining, null)), null, null);
	}

	private static ProviderSnapshot refused(Long limit, Double remaining, Duration retryAfter) {
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(OTPM, new MeterReading(limit, remaining, null)),
				retryAfter, OTPM);
	}

}
