package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * One meter of a {@link LocalBudget}: how much it can admit now and how spent budget comes
 * back. Implementations are not thread-safe: they are guarded by their budget's lock, which
 * calls {@link #refill(long)} before every other operation.
 */
interface LocalMeter {

	/** Slack for floating-point drift when comparing a level with a cost. */
	double EPSILON = 1e-6;

	/** The meter this one keeps. */
	Meter meter();

	/** The meter's capacity. */
	long limit();

	/** Where the limit came from. */
	LimitSource source();

	/** What the meter could admit now; negative while in debt. */
	double level();

	/** Brings the meter up to {@code nowNanos}. */
	void refill(long nowNanos);

	/**
	 * Nanoseconds until the level reaches {@code amount}: zero if it already has,
	 * {@link Admission#UNKNOWN_WAIT} if time alone will never get it there.
	 */
	long nanosUntil(double amount);

	/** Whether the meter can pay {@code amount} now. */
	default boolean canPay(double amount) {
		return level() + EPSILON >= amount;
	}

	/** Charges an amount at the time of the last refill. */
	void debit(double amount);

	/**
	 * Gives an amount back, if this meter gives anything back when calls settle.
	 * @return whether the level rose
	 */
	boolean credit(double amount);

	/** Lowers the level to what the provider reports, never raising it. */
	void capAt(double remaining);

	/**
	 * Moves the level to what the provider's figures say, up or down (never above the
	 * limit), when they win over this meter's own bookkeeping.
	 * @param level the new level
	 */
	void moveTo(double level);

	/**
	 * Whether the level refills continuously over the meter's window (a token bucket), as
	 * opposed to a sliding log, a calendar day or the concurrency counter.
	 * @return {@code true} for a token bucket
	 */
	boolean refillsContinuously();

	/**
	 * Takes the provider's word for when the meter will be full again, where this meter's
	 * way of refilling can use it.
	 * @param nanos time until the provider's meter is full
	 */
	default void resetsIn(long nanos) {
	}

	/** Replaces the limit; what was used stays used. */
	void setLimit(long newLimit, LimitSource newSource);

}
