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
 * Tests for {@link RemainingRange}: a provider's remaining figure read as the range it is.
 */
class RemainingRangeTests {

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void exactFigureIsAPoint() {
		assertThat(RemainingRange.of(OTPM, new MeterReading(6000L, 2500.0, null), 6000, true))
			.isEqualTo(new RemainingRange(2500, 2500));
	}

	@Test
	void roundedFigureSpansHalfAStepEitherSide() {
		assertThat(RemainingRange.of(OTPM, new MeterReading(6000L, 3000.0, null, 1000), 6000, true))
			.isEqualTo(new RemainingRange(2500, 3500));
	}

	@Test
	void roundedFigureStaysWithinZeroAndTheLimit() {
		assertThat(RemainingRange.of(OTPM, new MeterReading(6000L, 0.0, null, 1000), 6000, true))
			.isEqualTo(new RemainingRange(0, 500));
		assertThat(RemainingRange.of(OTPM, new MeterReading(6000L, 6000.0, null, 1000), 6000, true))
			.isEqualTo(new RemainingRange(5500, 6000));
	}

	@Test
	void resetTimeNarrowsARoundedFigureToOneSecondOfRefill() {
		// full in 30 s at 100 per second: 3000 left, up to one second's refill more
		RemainingRange range = RemainingRange.of(OTPM,
				new MeterReading(6000L, 3000.0, Duration.ofSeconds(30), 1000), 6000, true);
		assertThat(range.low()).isCloseTo(3000, within(1e-6));
		assertThat(range.high()).isCloseTo(3100, within(1e-6));
	}

	@Test
	void resetTimeThatContradictsTheFigureIsIgnored() {
		assertThat(RemainingRange.of(OTPM, new MeterReading(6000L, 1000.0, Duration.ofSeconds(5), 1000), 6000, true))
			.isEqualTo(new RemainingRange(500, 1500));
	}

	@Test
	void resetTimeOfASlidingLogSaysNothingAboutItsLevel() {
		assertThat(
				RemainingRange.of(OTPM, new MeterReading(6000L, 3000.0, Duration.ofSeconds(30), 1000), 6000, false))
			.isEqualTo(new RemainingRange(2500, 3500));
	}

	@Test
	void levelInsideTheRangeOfARoundedFigureIsKept() {
		LocalBudget budget = budget();
		budget.acquire(output(3300), 0);
		budget.observe(rounded(3000.0));
		assertThat(available(budget)).isEqualTo(2700);
	}

	@Test
	void levelAboveTheRangeOfARoundedFigureIsCappedToItsMiddle() {
		LocalBudget budget = budget();
		budget.acquire(output(2000), 0);
		budget.observe(rounded(3000.0));
		assertThat(available(budget)).isEqualTo(3000);
	}

	private LocalBudget budget() {
		return new LocalBudget(ModelLimits.builder("m").limit(OTPM, 6000).build(), this.time,
				LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
	}

	private static ProviderSnapshot rounded(double remaining) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(OTPM, new MeterReading(6000L, remaining, null, 1000)),
				null, null);
	}

	private static Cost output(double amount) {
		return Cost.builder().set(OTPM, amount).build();
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(OTPM).available();
	}

}
