package dev.llmratelimit.store.redis;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;

/**
 * The next two starts of a calendar day in a time zone, for the scripts of a model whose
 * daily meters reset then ({@link ModelLimits.DailyReset#CALENDAR}). Lua knows no time
 * zones: this names the instants, and the scripts compare them with their own clock (the
 * Redis server's), so every instance resets the shared meters at the same moment whatever
 * its own clock says. Two starts, so that a script whose clock is already past the first
 * one (this instance's clock lagging the server's near midnight) still finds the next.
 */
final class CalendarDayStarts {

	private final ZoneId zone;

	CalendarDayStarts(ZoneId zone) {
		this.zone = zone;
	}

	/**
	 * The two starts as the scripts read them: microseconds on their clock, after a comma
	 * each.
	 * @param scriptClock the clock the scripts are given, or {@code null} when they read the
	 * server's (microseconds since the epoch)
	 * @param scriptNowMicros the time given to the scripts, when {@code scriptClock} is set
	 * @return the text to append to the scripts' configured limits
	 */
	String text(TimeSource scriptClock, long scriptNowMicros) {
		Instant wallNow = ((scriptClock != null) ? scriptClock : TimeSource.system()).now();
		Instant next = wallNow.atZone(this.zone).toLocalDate().plusDays(1).atStartOfDay(this.zone).toInstant();
		Instant after = next.atZone(this.zone).toLocalDate().plusDays(1).atStartOfDay(this.zone).toInstant();
		return "," + micros(next, wallNow, scriptClock, scriptNowMicros) + ","
				+ micros(after, wallNow, scriptClock, scriptNowMicros);
	}

	private static long micros(Instant instant, Instant wallNow, TimeSource scriptClock, long scriptNowMicros) {
		if (scriptClock == null) {
			return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
		}
		return scriptNowMicros + ChronoUnit.MICROS.between(wallNow, instant);
	}

}
