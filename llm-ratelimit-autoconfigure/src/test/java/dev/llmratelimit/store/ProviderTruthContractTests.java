package dev.llmratelimit.store;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleFunction;
import java.util.stream.IntStream;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What every {@link BudgetStore}'s budgets learn from the provider's figures beyond its
 * limits, run against each store on a manual clock that starts at 2026-02-25T20:00:00Z:
 * the output held by calls in flight, the spending of others on the same key (a neighbour,
 * against a provider bucket of 6,000 output tokens per minute, 100 a second, kept by the
 * test) and daily meters that reset at the start of a calendar day.
 */
public abstract class ProviderTruthContractTests {

	/** How long unsettled leases live in the stores under test. */
	protected static final Duration LEASE_TIMEOUT = Duration.ofMinutes(5);

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	private static final Meter RPD = Meter.REQUESTS_PER_DAY;

	private static final long LIMIT = 6000;

	protected final ManualTimeSource time = new ManualTimeSource();

	private final List<BudgetStore> stores = new ArrayList<>();

	/** What the provider has left, kept by the neighbour tests. */
	private double provider = LIMIT;

	/**
	 * Creates a store under test, without admission margin.
	 * @param time the manual clock the budgets must read
	 * @param observationLag how long before an observation a call may still be unseen by
	 * the provider
	 * @return the store
	 */
	protected abstract BudgetStore createStore(TimeSource time, Duration observationLag);

	@AfterEach
	void closeStores() throws Exception {
		for (BudgetStore created : this.stores) {
			if (created instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Test
	void outputHeldInFlightShouldBeTakenOffTheFigureOfAProviderThatCountsActualOutput() {
		Budget budget = budget(chargingOutput(ModelLimits.OutputReservation.EXPECTED));
		Lease first = budget.acquire(output(1000), 0).lease();
		Lease second = budget.acquire(output(1000), 0).lease();
		// someone else spent 2500; the provider has not charged the two calls in flight
		budget.observe(remaining(3500));
		assertThat(available(budget, OTPM)).isCloseTo(1500, within(1e-6));
		budget.settle(first, output(500));
		budget.settle(second, output(500));
		// the provider charged the actual 1000: 2500 left, and so does the budget
		assertThat(available(budget, OTPM)).isCloseTo(2500, within(1e-6));
	}

	@Test
	void providerCountingMaxTokensAtAdmissionShouldBeCappedAtItsFigure() {
		Budget budget = budget(chargingOutput(ModelLimits.OutputReservation.MAX_TOKENS));
		budget.acquire(output(1000), 0);
		budget.acquire(output(1000), 0);
		budget.observe(remaining(1500));
		assertThat(available(budget, OTPM)).isCloseTo(1500, within(1e-6));
	}

	@Test
	void observedCallsOwnOutputShouldBeHeldBackOnlyUntilTheNextFigure() {
		Budget budget = budget(chargingOutput(ModelLimits.OutputReservation.MAX_TOKENS));
		Lease call = budget.acquire(output(1000), 0).lease();
		budget.observe(remaining(3000), call);
		assertThat(available(budget, OTPM)).isCloseTo(2000, within(1e-6));
		budget.settle(call, output(400));
		assertThat(available(budget, OTPM)).isCloseTo(2600, within(1e-6));
		budget.observe(remaining(3000));
		assertThat(available(budget, OTPM)).isCloseTo(3000, within(1e-6));
	}

	@Test
	void callsAnsweredButNotSettledShouldBeHeldBackOnAnyProvider() {
		Budget budget = budget(chargingOutput(ModelLimits.OutputReservation.MAX_TOKENS));
		Lease first = budget.acquire(output(1000), 0).lease();
		Lease second = budget.acquire(output(1000), 0).lease();
		budget.observe(remaining(5000), first);
		// someone else spent 2000; the provider charged 400 to each call and refunded the rest
		budget.observe(remaining(3200), second);
		assertThat(available(budget, OTPM)).isCloseTo(1200, within(1e-6));
		budget.settle(first, output(400));
		budget.settle(second, output(400));
		assertThat(available(budget, OTPM)).isCloseTo(2400, within(1e-6));
	}

	@Test
	void refusalNamingTheOutputMeterShouldLeaveTheOutputHeldInFlightOwed() {
		Budget budget = budget(chargingOutput(ModelLimits.OutputReservation.EXPECTED));
		Lease inFlight = budget.acquire(output(1000), 0).lease();
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(1), OTPM));
		assertThat(available(budget, OTPM)).isCloseTo(-1000, within(1e-6));
		budget.settle(inFlight, output(0));
		assertThat(available(budget, OTPM)).isCloseTo(0, within(1e-6));
	}

	@Test
	void nobodyElseOnTheKeyShouldBeNoExternalRate() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 20, 50, 0);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void neighbourSpendingSteadilyShouldBeEstimatedAsItsRatePerWindow() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		assertThat(externalRate(budget)).isCloseTo(1800, within(1e-6));
	}

	@Test
	void estimatedNeighbourShouldBeChargedBetweenFiguresSoTheForecastMatchesTheProvider() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		this.time.advance(Duration.ofMillis(500));
		this.provider += 0.5 * (100 - 30);
		assertThat(available(budget, OTPM)).isCloseTo(this.provider, within(1e-6));
	}

	@Test
	void modelThatTurnsTheEstimateOffShouldTrustItsOwnBookkeeping() {
		Budget budget = budget(neighbourLimits(false));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void neighbourShouldNotBeEstimatedBeforeItsSpendingSpansThreeSeconds() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 2, 50, 30);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void neighbourSpendingUnderOnePercentOfTheLimitPerWindowShouldReadAsNoise() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		// 0.9 a second is 54 a minute, under 1% of 6000
		run(budget, 10, 50, 0.9);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void slopeWithinThreeStandardErrorsOfTheFitShouldReadAsNoise() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		// 50 a second, scattered by 100 either way: 50 is under 3 x 17.8
		neighbourSpends(budget, 100, -50, 0, 250, 300, 150, 200, 450);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void neighbourThatStopsShouldBeForgottenWithinTheWindow() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		run(budget, 31, 50, 0);
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void estimateShouldBeForgottenWhenNoFigureArrivesForAWindow() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		this.time.advance(Duration.ofSeconds(31));
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void estimateShouldStayWhileTheWindowHoldsTooFewFiguresToFit() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		assertThat(externalRate(budget)).isCloseTo(1800, within(1e-6));
		// the next figure 29.5 s later leaves two samples in the window: too few to fit, and
		// the neighbour has not been seen to stop
		neighbourAloneFor(Duration.ofMillis(29_500), 30);
		budget.observe(figure(new MeterReading(LIMIT, this.provider, null)));
		assertThat(externalRate(budget)).isCloseTo(1800, within(1e-6));
	}

	@Test
	void estimateMadeShouldStayThroughFiguresTooScatteredToMakeOne() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		// 30 a second: exactly for ten seconds, then scattered more and more, up to 700 either
		// way; the last window's 31 samples fit a slope of 2.27 standard errors, too few to
		// make an estimate but enough to keep the one made
		neighbourSpends(budget, IntStream.rangeClosed(0, 45).mapToDouble((second) -> {
			double scatter = (second < 10) ? 0 : Math.min(700, 700.0 * (second - 9) / 20);
			return 30 * second + ((second % 2 == 0) ? scatter : -scatter);
		}).toArray());
		assertThat(externalRate(budget)).isCloseTo(52_860.0 / 31, within(1e-6));
	}

	@Test
	void estimateShouldBeForgottenWhenTheNextFigureComesAfterAWindow() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		neighbourAloneFor(Duration.ofSeconds(31), 30);
		budget.observe(figure(new MeterReading(LIMIT, this.provider, null)));
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void limitChangeShouldStartTheEstimateAfresh() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		run(budget, 10, 50, 30);
		budget.observe(figure(new MeterReading(2 * LIMIT, this.provider, null)));
		assertThat(externalRate(budget)).isZero();
	}

	@Test
	void neighboursBurstShouldBeKeptFreeAtAdmission() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		spendInBursts(budget);
		assertThat(externalRate(budget)).isCloseTo(3600, within(1e-6));
		// the neighbour's spending scatters 40 around its rate: 40 stay free
		assertFortyKeptFree(budget);
	}

	@Test
	void neighboursBurstShouldStayFreeAfterAWindowWithoutFiguresThoughItsRateIsForgotten() {
		Budget budget = spentBesideABurstyNeighbour();
		// a budget the estimate keeps from calling gets no figures
		this.time.advance(Duration.ofSeconds(31));
		assertThat(externalRate(budget)).isZero();
		assertFortyKeptFree(budget);
	}

	@Test
	void neighboursBurstKeptAfterAWindowWithoutFiguresShouldBeReleasedByTheNextFitThatFindsNoNeighbour() {
		Budget budget = spentBesideABurstyNeighbour();
		neighbourAloneFor(Duration.ofSeconds(30), 0);
		// three flat figures spanning two seconds are too few to fit: the burst stays free
		run(budget, 3, 50, 0);
		assertThat(externalRate(budget)).isZero();
		assertThat(budget.acquire(output(available(budget, OTPM) - 39), 0).status()).isEqualTo(Status.REJECTED);
		// a fourth, three seconds after the first, fits no neighbour: nothing is kept free
		run(budget, 1, 50, 0);
		assertThat(externalRate(budget)).isZero();
		assertThat(budget.acquire(output(available(budget, OTPM)), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void neighboursBurstShouldShowThroughFiguresRoundedToTheThousandButNarrowedByTheirReset() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		// 3000 a minute in lumps of 100 and 200, running 250 apart around its rate; each
		// figure is rounded to the thousand, but its reset instant leaves a range 100 wide
		neighbourSpends(budget, 100, ProviderTruthContractTests::roundedWithReset, 0, 100, 100, 100, 100, 100, 300,
				300, 500);
		assertThat(externalRate(budget)).isCloseTo(3000, within(1e-6));
		double available = available(budget, OTPM);
		// 250 less the figures' 100 of uncertainty stay free (none when the rounding's 1000 was taken off)
		assertThat(budget.acquire(output(available - 149), 0).status()).isEqualTo(Status.REJECTED);
		assertThat(budget.acquire(output(available - 151), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void withoutTheEstimateNoRoomShouldBeKeptForBursts() {
		Budget budget = budget(neighbourLimits(false));
		spend(budget, 3000);
		spendInBursts(budget);
		assertThat(budget.acquire(output(available(budget, OTPM)), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void neighbourShouldBeEstimatedBesideACallWhoseRequestHasNotLeft() {
		Budget budget = lagged().create(neighbourLimits(true));
		sentEachSecond(budget, 3000, 0);
		for (int i = 0; i < 10; i++) {
			if (i == 3) {
				// debited here, but still waiting in the application: the provider has not seen it
				budget.acquire(output(500), 0);
			}
			sentEachSecond(budget, 50, 30);
		}
		assertThat(externalRate(budget)).isCloseTo(1800, within(1e-6));
	}

	@Test
	void spentDayShouldComeBackWholeAtMidnightOfItsZone() {
		Budget budget = budget(daily(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC));
		budget.acquire(requests(100), 0);
		this.time.advance(Duration.ofHours(3).plusMinutes(59));
		assertThat(available(budget, RPD)).isZero();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(available(budget, RPD)).isEqualTo(100);
	}

	@Test
	void callWaitingForTheNextDayShouldBeToldTheTimeUntilMidnight() {
		Budget budget = budget(daily(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC));
		budget.acquire(requests(100), 0);
		Admission refused = budget.acquire(requests(1), 0);
		assertThat(refused.status()).isEqualTo(Status.REJECTED);
		assertThat(refused.meter()).isEqualTo(RPD);
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofHours(4).toNanos());
	}

	@Test
	void callQueuedForTheNextDayShouldBeGrantedAtMidnight() {
		Budget budget = budget(daily(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC));
		budget.acquire(requests(100), 0);
		Admission queued = budget.acquire(requests(1), Duration.ofDays(1).toNanos());
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		this.time.advance(Duration.ofHours(4).minusNanos(1000));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.QUEUED);
		this.time.advance(Duration.ofNanos(1000));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
		assertThat(available(budget, RPD)).isEqualTo(99);
	}

	@Test
	void calendarDayShouldBeTheConfiguredZonesDay() {
		Budget budget = budget(daily(ModelLimits.DailyReset.CALENDAR, ZoneId.of("America/Los_Angeles")));
		budget.acquire(requests(100), 0);
		assertThat(budget.acquire(requests(1), 0).waitNanos()).isEqualTo(Duration.ofHours(12).toNanos());
	}

	@Test
	void providersResetTimeShouldWinOverTheComputedMidnight() {
		Budget budget = budget(daily(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC));
		budget.acquire(requests(100), 0);
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(RPD, new MeterReading(100L, 0.0, Duration.ofMinutes(30))), null, null));
		this.time.advance(Duration.ofMinutes(29));
		assertThat(available(budget, RPD)).isZero();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(available(budget, RPD)).isEqualTo(100);
	}

	@Test
	void rollingDayShouldRefillContinuouslyByDefault() {
		Budget budget = budget(daily(ModelLimits.DailyReset.ROLLING, ZoneOffset.UTC));
		budget.acquire(requests(100), 0);
		this.time.advance(Duration.ofHours(6));
		assertThat(available(budget, RPD)).isCloseTo(25, within(1e-6));
	}

	/**
	 * Another store under test, closed after the test: on a shared store, another instance
	 * of the application.
	 * @return the store
	 */
	protected BudgetStore newStore() {
		BudgetStore created = createStore(this.time, Duration.ZERO);
		this.stores.add(created);
		return created;
	}

	/**
	 * A store whose budgets take calls as unseen by the provider until 200 ms after their
	 * requests left, closed after the test.
	 */
	private BudgetStore lagged() {
		BudgetStore created = createStore(this.time, Duration.ofMillis(200));
		this.stores.add(created);
		return created;
	}

	/**
	 * A second in which the budget admits a call whose request leaves at once, and the
	 * provider's figure is observed at its end, when the call has had a second to reach
	 * the provider: a figure exact enough to sample.
	 */
	private void sentEachSecond(Budget budget, double own, double neighbourPerSecond) {
		Lease call = budget.acquire(output(own), 0).lease();
		assertThat(call).isNotNull();
		budget.requestSent(call);
		this.provider -= own;
		this.time.advance(Duration.ofSeconds(1));
		this.provider = Math.min(LIMIT, this.provider + 100) - neighbourPerSecond;
		budget.observe(figure(new MeterReading(LIMIT, this.provider, null)));
	}

	/**
	 * Limits of a model no other test uses.
	 * @return a builder for a fresh model id
	 */
	protected static ModelLimits.Builder limits() {
		return ModelLimits.builder("model-" + UUID.randomUUID());
	}

	/**
	 * The output meter of 6,000 a minute, estimating others' spending or not.
	 * @param externalConsumption whether to estimate others' spending
	 * @return limits of a fresh model
	 */
	protected static ModelLimits neighbourLimits(boolean externalConsumption) {
		return limits().limit(OTPM, LIMIT).externalConsumption(externalConsumption).build();
	}

	/**
	 * Runs whole seconds: the provider refills, the neighbour and the budget spend, and the
	 * provider's figure is observed.
	 * @param budget the budget
	 * @param seconds how many seconds
	 * @param ownPerSecond what the budget admits each second
	 * @param neighbourPerSecond what the neighbour spends each second
	 */
	protected void run(Budget budget, int seconds, double ownPerSecond, double neighbourPerSecond) {
		for (int i = 0; i < seconds; i++) {
			this.time.advance(Duration.ofSeconds(1));
			this.provider = Math.min(LIMIT, this.provider + 100) - neighbourPerSecond;
			assertThat(budget.acquire(output(ownPerSecond), 0).status()).isEqualTo(Status.GRANTED);
			this.provider -= ownPerSecond;
			budget.observe(figure(new MeterReading(LIMIT, this.provider, null)));
		}
	}

	/**
	 * Time in which only the provider's bucket moves: it refills, and the neighbour spends.
	 * @param duration how long
	 * @param neighbourPerSecond what the neighbour spends each second
	 */
	private void neighbourAloneFor(Duration duration, double neighbourPerSecond) {
		this.time.advance(duration);
		double seconds = duration.toNanos() / 1e9;
		this.provider = Math.min(LIMIT, this.provider + 100 * seconds) - neighbourPerSecond * seconds;
	}

	/**
	 * Spends at once on both sides, as a first call would.
	 * @param budget the budget
	 * @param amount the output tokens spent
	 */
	protected void spend(Budget budget, double amount) {
		budget.acquire(output(amount), 0);
		this.provider -= amount;
	}

	/**
	 * Makes the provider's bucket lose what another instance of the application spent
	 * through its own budget.
	 * @param amount the output tokens spent
	 */
	protected void spentElsewhere(double amount) {
		this.provider -= amount;
	}

	/**
	 * What others are estimated to spend of the output meter.
	 * @param budget the budget
	 * @return output tokens per minute
	 */
	protected static double externalRate(Budget budget) {
		return budget.state().meters().get(OTPM).externalRate();
	}

	/**
	 * What a meter could admit now.
	 * @param budget the budget
	 * @param meter the meter
	 * @return the meter's level
	 */
	protected static double available(Budget budget, Meter meter) {
		return budget.state().meters().get(meter).available();
	}

	/**
	 * A cost of output tokens.
	 * @param amount how many
	 * @return the cost
	 */
	protected static Cost output(double amount) {
		return Cost.builder().set(OTPM, amount).build();
	}

	/**
	 * A budget of the store under test.
	 * @param limits the model's limits
	 * @return the budget
	 */
	protected Budget budget(ModelLimits limits) {
		if (this.stores.isEmpty()) {
			newStore();
		}
		return this.stores.get(0).create(limits);
	}

	/**
	 * Eight seconds of a neighbour spending 60 a second in uneven calls: what it has spent
	 * runs 20 above and below its rate, in a pattern uncorrelated with time, so its rate is
	 * exactly 3600 a minute and its burst 40.
	 */
	private void spendInBursts(Budget budget) {
		neighbourSpends(budget, 0, 20, 80, 180, 240, 260, 320, 420);
	}

	/**
	 * A budget that estimated a neighbour spending 3600 a minute with a burst of 40
	 * ({@link #spendInBursts}), then spent 2000 more.
	 */
	private Budget spentBesideABurstyNeighbour() {
		Budget budget = budget(neighbourLimits(true));
		spend(budget, 3000);
		spendInBursts(budget);
		spend(budget, 2000);
		return budget;
	}

	/** Asserts that 40 stay free at admission: a call leaving 39 is refused, one leaving 41 is not. */
	private static void assertFortyKeptFree(Budget budget) {
		double available = available(budget, OTPM);
		assertThat(budget.acquire(output(available - 39), 0).status()).isEqualTo(Status.REJECTED);
		assertThat(budget.acquire(output(available - 41), 0).status()).isEqualTo(Status.GRANTED);
	}

	/**
	 * Seconds in which the budget spends 50 and the neighbour has spent the given amounts
	 * in all by the end of each, with exact figures.
	 */
	private void neighbourSpends(Budget budget, double... cumulative) {
		neighbourSpends(budget, 50, (left) -> new MeterReading(LIMIT, left, null), cumulative);
	}

	/**
	 * Seconds in which the budget spends {@code own} and the neighbour has spent the given
	 * amounts in all by the end of each, and the provider's figure is observed.
	 */
	private void neighbourSpends(Budget budget, double own, DoubleFunction<MeterReading> figures,
			double... cumulative) {
		double before = 0;
		for (double spent : cumulative) {
			this.time.advance(Duration.ofSeconds(1));
			this.provider = Math.min(LIMIT, this.provider + 100) - (spent - before);
			before = spent;
			assertThat(budget.acquire(output(own), 0).status()).isEqualTo(Status.GRANTED);
			this.provider -= own;
			budget.observe(figure(figures.apply(this.provider)));
		}
	}

	/**
	 * Anthropic's figure of what the provider has left: rounded to the thousand, with the
	 * instant the bucket is full again (here a whole number of seconds away).
	 */
	private static MeterReading roundedWithReset(double left) {
		Duration untilFull = Duration.ofMillis(Math.round((LIMIT - left) * 10));
		return new MeterReading(LIMIT, (double) Math.round(left / 1000) * 1000, untilFull, 1000);
	}

	private static ModelLimits chargingOutput(ModelLimits.OutputReservation reservation) {
		return limits().limit(OTPM, LIMIT).outputReservation(reservation).build();
	}

	private static ModelLimits daily(ModelLimits.DailyReset reset, ZoneId zone) {
		return limits().limit(RPD, 100).dailyReset(reset, zone).build();
	}

	private static ProviderSnapshot remaining(double remaining) {
		return figure(new MeterReading(null, remaining, null));
	}

	private static ProviderSnapshot figure(MeterReading reading) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(OTPM, reading), null, null);
	}

	private static Cost requests(double amount) {
		return Cost.builder().set(RPD, amount).build();
	}

}
