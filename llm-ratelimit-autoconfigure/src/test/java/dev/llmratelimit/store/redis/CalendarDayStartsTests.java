package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CalendarDayStarts}: the instants the scripts reset calendar-day meters
 * at, on the clock they read. The manual clock starts at 2026-02-25T20:00:00Z.
 */
class CalendarDayStartsTests {

	private static final long HOUR_MICROS = Duration.ofHours(1).toNanos() / 1000;

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void startsAreNamedOnTheClockTheScriptsAreGiven() {
		long now = this.time.nanoTime() / 1000;
		assertThat(new CalendarDayStarts(ZoneOffset.UTC).text(this.time, now))
			.isEqualTo("," + (now + 4 * HOUR_MICROS) + "," + (now + 28 * HOUR_MICROS));
	}

	@Test
	void dayThatLosesAnHourToDaylightSavingIsTwentyThreeHoursLong() {
		// 2026-03-07T20:00Z is noon in Los Angeles; clocks go forward on 8 March
		this.time.advance(Duration.ofDays(10));
		long now = this.time.nanoTime() / 1000;
		assertThat(new CalendarDayStarts(ZoneId.of("America/Los_Angeles")).text(this.time, now))
			.isEqualTo("," + (now + 12 * HOUR_MICROS) + "," + (now + 35 * HOUR_MICROS));
	}

	@Test
	void startsAreMicrosecondsSinceTheEpochForTheServersClock() {
		Instant before = TimeSource.system().now();
		String[] starts = new CalendarDayStarts(ZoneOffset.UTC).text(null, 0).substring(1).split(",");
		Instant next = Instant.EPOCH.plus(Long.parseLong(starts[0]), ChronoUnit.MICROS);
		assertThat(next).isAfter(before).isBefore(before.plus(Duration.ofDays(1)).plusSeconds(1));
		assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).hasToString("00:00");
		assertThat(Long.parseLong(starts[1]) - Long.parseLong(starts[0])).isEqualTo(24 * HOUR_MICROS);
	}

}
