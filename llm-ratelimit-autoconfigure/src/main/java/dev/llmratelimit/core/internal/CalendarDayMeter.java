package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * A daily meter that gets its whole budget back at the start of each calendar day in a
 * time zone, the way providers with a fixed daily reset meter (Gemini resets requests per
 * day at midnight Pacific time), instead of refilling a day's limit over a rolling 24 h.
 * Nothing refills during the day; settling a call gives back what it did not use. When the
 * provider says when the meter will be full ({@link #resetsIn}), that instant wins over
 * the computed midnight. Not thread-safe: guarded by its budget's lock.
 */
final class CalendarDayMeter extends LevelMeter {

	private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

	private final ZoneId zone;

	private final long originNanos;

	private final Instant origin;

	private long nowNanos;

	private long nextResetNanos;

	CalendarDayMeter(Meter meter, long limit, LimitSource source, long nowNanos, Instant wallNow, ZoneId zone) {
		super(meter, limit, source);
		this.zone = zone;
		this.originNanos = nowNanos;
		this.origin = wallNow;
		this.nowNanos = nowNanos;
		this.nextResetNanos = nanosAt(startOfNextDay(wallNow));
	}

	@Override
	public void refill(long nowNanos) {
		this.nowNanos = Math.max(this.nowNanos, nowNanos);
		if (this.nowNanos - this.nextResetNanos >= 0) {
			this.level = this.limit;
			Instant wallNow = this.origin.plusNanos(this.nowNanos - this.originNanos);
			this.nextResetNanos = nanosAt(startOfNextDay(wallNow));
		}
	}

	@Override
	public long nanosUntil(double amount) {
		if (canPay(amount)) {
			return 0;
		}
		double missing = amount - this.limit;
		long laterDays = (missing > 0) ? (long) Math.ceil(missing / this.limit) : 0;
		return this.nextResetNanos - this.nowNanos + laterDays * DAY_NANOS;
	}

	@Override
	public boolean refillsContinuously() {
		return false;
	}

	@Override
	public void resetsIn(long nanos) {
		if (nanos > 0 && nanos <= DAY_NANOS) {
			this.nextResetNanos = this.nowNanos + nanos;
		}
	}

	private Instant startOfNextDay(Instant wallNow) {
		return wallNow.atZone(this.zone).toLocalDate().plusDays(1).atStartOfDay(this.zone).toInstant();
	}

	private long nanosAt(Instant instant) {
		return this.originNanos + Duration.between(this.origin, instant).toNanos();
	}

}
