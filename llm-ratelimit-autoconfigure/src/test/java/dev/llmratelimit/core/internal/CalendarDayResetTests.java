package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * Tests for daily meters that reset at the start of a calendar day
 * ({@link CalendarDayMeter}). The manual clock starts at 2026-02-25T20:00:00Z.
 */
class CalendarDayResetTests {

	private static final Meter RPD = Meter.REQUESTS_PER_DAY;

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void spentDayComesBackWholeAtMidnightOfItsZone() {
		LocalBudget budget = budget(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC);
		budget.acquire(requests(100), 0);
		this.time.advance(Duration.ofHours(3).plusMinutes(59));
		assertThat(available(budget)).isZero();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(available(budget)).isEqualTo(100);
	}

	@Test
	void callWaitingForTheNextDayIsToldTheTimeUntilMidnight() {
		LocalBudget budget = budget(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC);
		budget.acquire(requests(100), 0);
		Admission refused = budget.acquire(requests(1), 0);
		assertThat(refused.meter()).isEqualTo(RPD);
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofHours(4).toNanos());
	}

	@Test
	void calendarDayIsTheConfiguredZonesDay() {
		LocalBudget budget = budget(ModelLimits.DailyReset.CALENDAR, ZoneId.of("America/Los_Angeles"));
		budget.acquire(requests(100), 0);
		assertThat(budget.acquire(requests(1), 0).waitNanos()).isEqualTo(Duration.ofHours(12).toNanos());
	}

	@Test
	void providersResetTimeWinsOverTheComputedMidnight() {
		LocalBudget budget = budget(ModelLimits.DailyReset.CALENDAR, ZoneOffset.UTC);
		budget.acquire(requests(100), 0);
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(RPD, new MeterReading(100L, 0.0, Duration.ofMinutes(30))), null, null));
		this.time.advance(Duration.ofMinutes(30));
		assertThat(available(budget)).isEqualTo(100);
	}

	@Test
	void rollingDayRefillsContinuouslyByDefault() {
		LocalBudget budget = budget(ModelLimits.DailyReset.ROLLING, ZoneOffset.UTC);
		budget.acquire(requests(100), 0);
		this.time.advance(Duration.ofHours(6));
		assertThat(available(budget)).isCloseTo(25, within(1e-6));
	}

	private LocalBudget budget(ModelLimits.DailyReset reset, ZoneId zone) {
		return new LocalBudget(ModelLimits.builder("gemini").limit(RPD, 100).dailyReset(reset, zone).build(),
				this.time, LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
	}

	private static Cost requests(double amount) {
		return Cost.builder().set(RPD, amount).build();
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(RPD).available();
	}

}
