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
final class CalendarDayMeter extends AbstractLocalMeter {

	private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

	private final ZoneId zone;

	private final long originNanos;

	private final Instant origin;

	private double level;

	private long nowNanos;

	private long nextResetNanos;

	CalendarDayMeter(Meter meter, long limit, LimitSource source, long nowNanos, Instant wallNow, ZoneId zone) {
		super(meter, limit, source);
		this.zone = zone;
		this.originNanos = nowNanos;
		this.origin = wallNow;
		this.level = limit;
		this.nowNanos = nowNanos;
		this.nextResetNanos = nanosAt(startOfNextDay(wallNow));
	}

	@Override
	public double level() {
		return this.level;
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
	public void debit(double amount) {
		this.level -= amount;
	}

	@Override
	public boolean credit(double amount) {
		double before = this.level;
		this.level = Math.min(this.limit, this.level + amount);
		return this.level > before;
	}

	@Override
	public void capAt(double remaining) {
		this.level = Math.min(this.level, remaining);
	}

	@Override
	public void moveTo(double level) {
		this.level = Math.min(this.limit, level);
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

	@Override
	public void setLimit(long newLimit, LimitSource newSource) {
		this.level = Math.min(this.level + newLimit - this.limit, newLimit);
		super.setLimit(newLimit, newSource);
	}

	private Instant startOfNextDay(Instant wallNow) {
		return wallNow.atZone(this.zone).toLocalDate().plusDays(1).atStartOfDay(this.zone).toInstant();
	}

	private long nanosAt(Instant instant) {
		return this.originNanos + Duration.between(this.origin, instant).toNanos();
	}

}
