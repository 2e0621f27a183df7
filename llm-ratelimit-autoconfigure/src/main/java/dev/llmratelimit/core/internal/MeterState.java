package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;

/**
 * Snapshot of one meter of a budget.
 *
 * @param limit the meter's capacity
 * @param available what it could admit now (negative while in debt)
 * @param source where the limit came from
 * @param externalRate what others are estimated to spend of the same provider budget, in
 * units per the meter's window (zero when nobody else is seen)
 */
public record MeterState(long limit, double available, LimitSource source, double externalRate) {

	/**
	 * Snapshot of a meter nobody else is seen spending.
	 * @param limit the meter's capacity
	 * @param available what it could admit now (negative while in debt)
	 * @param source where the limit came from
	 */
	public MeterState(long limit, double available, LimitSource source) {
		this(limit, available, source, 0);
	}

}
