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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for how a {@link LocalBudget} bounds its meters by what the provider reports,
 * minus what it admitted that the provider may not have counted yet (see
 * {@link UnseenAdmissions}).
 */
class ObservationLagTests {

	private static final Duration LAG = Duration.ofMillis(500);

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void admissionsWithinTheLagAreSubtractedFromTheReportedRemaining() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(300), 0);
		this.time.advance(Duration.ofMillis(100));
		budget.observe(remaining(900));
		assertThat(available(budget)).isCloseTo(600, within(1e-6));
	}

	@Test
	void callsAdmittedBeforeTheObservedCallAreTakenAsCountedByTheProvider() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(10_000), 0);
		this.time.advance(Duration.ofMillis(10));
		Lease observed = budget.acquire(tokens(10_000), 0).lease();
		this.time.advance(Duration.ofMillis(10));
		budget.acquire(tokens(5_000), 0);
		this.time.advance(Duration.ofMillis(10));
		budget.observe(remaining(38_000), observed);
		assertThat(available(budget)).isCloseTo(33_000, within(1e-6));
	}

	@Test
	void callsTheProviderAnsweredAreNeverUnseen() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease observed = budget.acquire(tokens(10_000), 0).lease();
		this.time.advance(Duration.ofMillis(10));
		Lease answered = budget.acquire(tokens(5_000), 0).lease();
		budget.observe(remaining(45_000), answered);
		this.time.advance(Duration.ofMillis(10));
		budget.observe(remaining(38_000), observed);
		assertThat(available(budget)).isCloseTo(38_000, within(1e-6));
	}

	@Test
	void whatWasTakenOffForUnseenCallsLastsOnlyUntilTheNextFigure() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(10_000), 0);
		budget.observe(remaining(50_000));
		assertThat(available(budget)).isCloseTo(40_000, within(1e-6));
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(45_000));
		assertThat(available(budget)).isCloseTo(45_000, within(1e-6));
	}

	@Test
	void admissionsOlderThanTheLagAreTakenAsCountedByTheProvider() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(30_000), 0);
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(20_000));
		assertThat(available(budget)).isCloseTo(20_000, within(1e-6));
	}

	@Test
	void callWhoseRequestHasNotLeftIsNotTakenAsCountedByTheProvider() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease observed = budget.acquire(tokens(10_000), 0).lease();
		budget.acquire(tokens(5_000), 0);
		budget.requestSent(observed);
		this.time.advance(Duration.ofSeconds(2));
		budget.observe(remaining(50_000), observed);
		assertThat(available(budget)).isCloseTo(45_000, within(1e-6));
	}

	@Test
	void callIsTakenAsCountedTheLagAfterItsRequestLeft() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease heldBack = budget.acquire(tokens(30_000), 0).lease();
		this.time.advance(Duration.ofSeconds(1));
		budget.requestSent(heldBack);
		this.time.advance(Duration.ofMillis(499));
		budget.observe(remaining(50_000));
		assertThat(available(budget)).isCloseTo(20_000, within(1e-6));
		this.time.advance(Duration.ofMillis(1));
		budget.observe(remaining(20_000));
		assertThat(available(budget)).isCloseTo(20_000, within(1e-6));
	}

	@Test
	void availableNeverRisesAboveWhatTheBudgetItselfHolds() {
		LocalBudget budget = budget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(300), 0);
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(1000));
		assertThat(available(budget)).isCloseTo(700 + 1000.0 / 60, within(1e-6));
	}

	@Test
	void meterLearnedByAnUnconfiguredModelStartsBelowWhatWasJustAdmitted() {
		LocalBudget budget = budget(ModelLimits.builder("m"));
		budget.acquire(tokens(200), 0);
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 900.0, null)), null, null));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE))
			.isEqualTo(new MeterState(1000, 700, LimitSource.HEADERS));
	}

	@Test
	void zeroLagTakesTheProviderFigureAsItIs() {
		LocalBudget budget = new LocalBudget(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 1000).build(),
				this.time, LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
		budget.acquire(tokens(300), 0);
		budget.observe(remaining(600));
		assertThat(available(budget)).isCloseTo(600, within(1e-6));
	}

	@Test
	void negativeLagIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimiterSettings.builder().observationLag(Duration.ofMillis(-1)))
			.withMessage("observation-lag must not be negative, was PT-0.001S");
	}

	private LocalBudget budget(ModelLimits.Builder limits) {
		return new LocalBudget(limits.build(), this.time,
				LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, LAG));
	}

	private static ProviderSnapshot remaining(double remaining) {
		return new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(null, remaining, null)), null, null);
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available();
	}

}
