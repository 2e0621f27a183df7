package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link ExternalConsumption}: a neighbour on the same key is seen in the
 * provider's figures, estimated as a rate, left room and forgotten when it stops. The
 * provider is a token bucket of 6000 per minute (100 per second) kept by the test.
 */
class ExternalConsumptionTests {

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	private static final long LIMIT = 6000;

	private final ManualTimeSource time = new ManualTimeSource();

	private LocalBudget budget = budget(true);

	private double provider = LIMIT;

	@Test
	void nobodyElseOnTheKeyIsNoExternalRate() {
		spend(3000);
		run(20, 50, 0);
		assertThat(externalRate()).isZero();
	}

	@Test
	void neighbourSpendingSteadilyIsEstimatedAsItsRatePerWindow() {
		spend(3000);
		run(10, 50, 30);
		assertThat(externalRate()).isCloseTo(1800, within(1e-6));
	}

	@Test
	void estimatedNeighbourIsChargedBetweenFiguresSoTheForecastMatchesTheProvider() {
		spend(3000);
		run(10, 50, 30);
		this.time.advance(Duration.ofMillis(500));
		this.provider += 0.5 * (100 - 30);
		assertThat(available()).isCloseTo(this.provider, within(1e-6));
	}

	@Test
	void modelThatTurnsTheEstimateOffTrustsItsOwnBookkeeping() {
		this.budget = budget(false);
		spend(3000);
		run(10, 50, 30);
		assertThat(externalRate()).isZero();
	}

	@Test
	void neighbourIsNotEstimatedBeforeItsSpendingSpansThreeSeconds() {
		spend(3000);
		run(2, 50, 30);
		assertThat(externalRate()).isZero();
	}

	@Test
	void neighbourThatStopsIsForgottenWithinTheWindow() {
		spend(3000);
		run(10, 50, 30);
		run(31, 50, 0);
		assertThat(externalRate()).isZero();
	}

	@Test
	void estimateIsForgottenWhenNoFigureArrivesForAWindow() {
		spend(3000);
		run(10, 50, 30);
		this.time.advance(Duration.ofSeconds(31));
		assertThat(externalRate()).isZero();
	}

	@Test
	void limitChangeStartsTheEstimateAfresh() {
		spend(3000);
		run(10, 50, 30);
		this.budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(OTPM, new MeterReading(2 * LIMIT, this.provider, null)), null, null));
		assertThat(externalRate()).isZero();
	}

	@Test
	void burstIsTheSpreadAroundTheRateLessTheProvidersRounding() {
		ExternalConsumption external = sampled(60, 0, 100, -100, -100, 100, 100, -100, -100, 100);
		long last = Duration.ofSeconds(7).toNanos();
		assertThat(external.ratePerNano(OTPM, last) * 60e9).isCloseTo(3600, within(1e-6));
		assertThat(external.burst(OTPM, last, LIMIT)).isCloseTo(200, within(1e-6));
		assertThat(sampled(60, 150, 100, -100, -100, 100, 100, -100, -100, 100).burst(OTPM, last, LIMIT))
			.isCloseTo(50, within(1e-6));
	}

	@Test
	void neighboursBurstIsKeptFreeAtAdmission() {
		spend(3000);
		spendInBursts();
		assertThat(externalRate()).isCloseTo(3600, within(1e-6));
		double available = available();
		// the neighbour's spending scatters 40 around its rate: 40 stay free
		assertThat(this.budget.acquire(output(available - 39), 0).status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(this.budget.acquire(output(available - 41), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void withoutTheEstimateNoRoomIsKeptForBursts() {
		this.budget = budget(false);
		spend(3000);
		spendInBursts();
		assertThat(this.budget.acquire(output(available()), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void burstKeptFreeIsAtMostAQuarterOfTheLimit() {
		ExternalConsumption external = sampled(600, 0, 1000, -1000, -1000, 1000, 1000, -1000, -1000, 1000);
		assertThat(external.burst(OTPM, Duration.ofSeconds(7).toNanos(), LIMIT)).isEqualTo(1500);
	}

	@Test
	void slopeWithinThreeStandardErrorsOfTheFitIsNoise() {
		// the same scatter around a slope of 50 per second: 50 is under 3 x 17.8
		ExternalConsumption external = sampled(50, 0, 100, -100, -100, 100, 100, -100, -100, 100);
		assertThat(external.ratePerNano(OTPM, Duration.ofSeconds(7).toNanos())).isZero();
	}

	@Test
	void estimateMadeStaysThroughFiguresTooScatteredToMakeOne() {
		ExternalConsumption held = new ExternalConsumption(true);
		for (int second = 0; second <= 45; second++) {
			held.observed(OTPM, Duration.ofSeconds(second).toNanos(), widelyScattered(second), 0, 0, LIMIT);
			// read after every figure, as the budget's admissions do
			held.ratePerNano(OTPM, Duration.ofSeconds(second).toNanos());
		}
		ExternalConsumption fresh = new ExternalConsumption(true);
		for (int second = 15; second <= 45; second++) {
			fresh.observed(OTPM, Duration.ofSeconds(second).toNanos(), widelyScattered(second), 0, 0, LIMIT);
		}
		long end = Duration.ofSeconds(45).toNanos();
		// the least-squares slope of the last window's 31 samples, 2.27 standard errors: it
		// keeps the estimate made in the first ten seconds, and makes none on its own
		assertThat(held.ratePerNano(OTPM, end) * Duration.ofMinutes(1).toNanos()).isCloseTo(52_860.0 / 31,
				within(1e-6));
		assertThat(fresh.ratePerNano(OTPM, end)).isZero();
	}

	@Test
	void rateUnderOnePercentOfTheLimitPerWindowIsNoise() {
		ExternalConsumption external = new ExternalConsumption(true);
		for (int i = 0; i < 4; i++) {
			// 0.9 per second is 54 a minute, under 1% of 6000
			external.observed(OTPM, Duration.ofSeconds(i).toNanos(), 0.9 * i, 0, 0, LIMIT);
		}
		assertThat(external.ratePerNano(OTPM, Duration.ofSeconds(3).toNanos())).isZero();
	}

	/**
	 * Unexplained consumption growing at 30 a second: exactly for ten seconds, then seen
	 * through figures scattered more and more, up to 700 either way from the 29th second.
	 */
	private static double widelyScattered(int second) {
		double scatter = (second < 10) ? 0 : Math.min(700, 700.0 * (second - 9) / 20);
		return 30 * second + ((second % 2 == 0) ? scatter : -scatter);
	}

	/**
	 * Unexplained consumption growing at a rate per second, plus the given residuals (none
	 * of them correlated with time), one sample a second from time zero.
	 */
	private static ExternalConsumption sampled(double perSecond, double rounding, double... residuals) {
		ExternalConsumption external = new ExternalConsumption(true);
		for (int i = 0; i < residuals.length; i++) {
			external.observed(OTPM, Duration.ofSeconds(i).toNanos(), perSecond * i + residuals[i], 0, rounding,
					LIMIT);
		}
		return external;
	}

	private LocalBudget budget(boolean externalConsumption) {
		return new LocalBudget(
				ModelLimits.builder("m").limit(OTPM, LIMIT).externalConsumption(externalConsumption).build(), this.time,
				LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
	}

	/** Spends at once on both sides, as a first call would. */
	private void spend(double amount) {
		this.budget.acquire(output(amount), 0);
		this.provider -= amount;
	}

	/**
	 * Runs whole seconds: the provider refills, the neighbour and this budget spend, and
	 * the provider's figure is observed.
	 */
	private void run(int seconds, double ownPerSecond, double neighbourPerSecond) {
		for (int i = 0; i < seconds; i++) {
			this.time.advance(Duration.ofSeconds(1));
			this.provider = Math.min(LIMIT, this.provider + 100) - neighbourPerSecond;
			assertThat(this.budget.acquire(output(ownPerSecond), 0).status()).isEqualTo(Admission.Status.GRANTED);
			this.provider -= ownPerSecond;
			this.budget.observe(new ProviderSnapshot(ResponseKind.OK,
					Map.of(OTPM, new MeterReading(LIMIT, this.provider, null)), null, null));
		}
	}

	/**
	 * Eight seconds of a neighbour spending 60 a second in uneven calls: what it has spent
	 * runs 20 above and below its rate, in a pattern uncorrelated with time, so its rate is
	 * exactly 3600 a minute and its burst 40.
	 */
	private void spendInBursts() {
		double[] neighbour = { 0, 20, 60, 100, 60, 20, 60, 100 };
		for (double spent : neighbour) {
			this.time.advance(Duration.ofSeconds(1));
			this.provider = Math.min(LIMIT, this.provider + 100) - spent;
			assertThat(this.budget.acquire(output(50), 0).status()).isEqualTo(Admission.Status.GRANTED);
			this.provider -= 50;
			this.budget.observe(new ProviderSnapshot(ResponseKind.OK,
					Map.of(OTPM, new MeterReading(LIMIT, this.provider, null)), null, null));
		}
	}

	private double externalRate() {
		return this.budget.state().meters().get(OTPM).externalRate();
	}

	private double available() {
		return this.budget.state().meters().get(OTPM).available();
	}

	private static Cost output(double amount) {
		return Cost.builder().set(OTPM, amount).build();
	}

}
