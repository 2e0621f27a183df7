package dev.llmratelimit.core.internal;

/**
 * The time a provider asked a budget to stay away after refusing a call with a rate
 * limit. While it runs, nothing is admitted, whatever the meters hold. A refusal that a
 * known limit cut explains starts none (see {@link LimitCuts}). Not thread-safe: guarded
 * by its budget's lock.
 */
final class Cooldown {

	private long untilNanos;

	private boolean active;

	/**
	 * Closes the budget for {@code nanos} from {@code now}, or longer if a running cooldown
	 * ends later.
	 * @param now the current time
	 * @param nanos how long the provider asked to wait
	 */
	void start(long now, long nanos) {
		long until = now + Math.max(0, nanos);
		if (!this.active || until - this.untilNanos > 0) {
			this.untilNanos = until;
		}
		this.active = true;
	}

	/**
	 * Whether the cooldown still runs at {@code now}.
	 * @param now the current time
	 * @return {@code true} until it ends
	 */
	boolean isActive(long now) {
		if (this.active && now - this.untilNanos >= 0) {
			this.active = false;
		}
		return this.active;
	}

	/**
	 * Time left at {@code now}.
	 * @param now the current time
	 * @return the nanoseconds left, zero when none runs
	 */
	long remainingNanos(long now) {
		return isActive(now) ? this.untilNanos - now : 0;
	}

}
