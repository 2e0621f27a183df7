package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;

/**
 * When this budget learned that a meter's limit fell, to tell a refusal the cut explains
 * from one it does not.
 * <p>
 * Rule (mirrored by every store): a call admitted before this budget learned that the
 * provider cut a meter's limit was admitted on the old limit, and the provider may refuse
 * it on that meter (it was on its way when the provider cut, or admitted before the
 * figure that told of the cut). Such a refusal teaches nothing new: the cut is known, and
 * the meter already follows the provider's figures (emptied by the refusal, refilling at
 * the new rate). It therefore does not close the model for the provider's
 * {@code retry-after}, which is the time until the refused call would fit with no call in
 * flight ending, and admission resumes at the new rate at once. Every other rate-limit
 * refusal closes the model until its {@code retry-after} ({@link Cooldown}). Not
 * thread-safe: guarded by its budget's lock.
 */
final class LimitCuts {

	/** Per meter ordinal, when a cut was last learned; created at the first cut. */
	private long[] learnedAt;

	/** Per meter ordinal, whether a cut was learned at all. */
	private boolean[] learned;

	/**
	 * Records that a meter's limit fell.
	 * @param meter the meter
	 * @param now when the cut was learned
	 */
	void cut(Meter meter, long now) {
		if (this.learnedAt == null) {
			this.learnedAt = new long[Meter.values().length];
			this.learned = new boolean[Meter.values().length];
		}
		this.learnedAt[meter.ordinal()] = now;
		this.learned[meter.ordinal()] = true;
	}

	/**
	 * Whether a refusal on a meter is explained by a cut learned after the refused call
	 * was admitted (or in the refusal itself).
	 * @param meter the meter the provider refused on, or {@code null} when not named
	 * @param admittedAt when the refused call was admitted
	 * @return {@code true} when the refusal need not close the model
	 */
	boolean explain(Meter meter, long admittedAt) {
		if (meter == null || this.learnedAt == null) {
			return false;
		}
		return this.learned[meter.ordinal()] && this.learnedAt[meter.ordinal()] - admittedAt >= 0;
	}

}
