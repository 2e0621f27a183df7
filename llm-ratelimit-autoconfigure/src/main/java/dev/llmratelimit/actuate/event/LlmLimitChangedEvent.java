package dev.llmratelimit.actuate.event;

import dev.llmratelimit.Meter;

/**
 * The provider's rate-limit headers revealed a limit that was not configured, or one that
 * differs from what the limiter used.
 */
public class LlmLimitChangedEvent extends LlmRateLimitEvent {

	private final Meter meter;

	private final long previousLimit;

	private final long newLimit;

	/**
	 * Creates the event.
	 * @param model the model id
	 * @param meter the meter whose limit changed
	 * @param previousLimit the limit before, zero when the meter was unlimited
	 * @param newLimit the limit now
	 */
	public LlmLimitChangedEvent(String model, Meter meter, long previousLimit, long newLimit) {
		super(model);
		this.meter = meter;
		this.previousLimit = previousLimit;
		this.newLimit = newLimit;
	}

	/**
	 * Meter whose limit changed.
	 * @return the meter
	 */
	public Meter getMeter() {
		return this.meter;
	}

	/**
	 * Limit before the change.
	 * @return the previous limit, zero when the meter was unlimited (the limit was learned)
	 */
	public long getPreviousLimit() {
		return this.previousLimit;
	}

	/**
	 * Limit after the change.
	 * @return the new limit
	 */
	public long getNewLimit() {
		return this.newLimit;
	}

}
