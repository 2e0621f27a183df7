package dev.llmratelimit.actuate.event;

import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * A reservation was never settled (its call neither completed nor failed in time, or the
 * code forgot to settle it) and expired: its concurrency slot was given back, and the
 * budget it reserved was kept as the call's cost. Usually a bug in the calling code.
 */
public class LlmReservationExpiredEvent extends LlmRateLimitEvent {

	private final String leaseId;

	private final Map<Meter, Double> reserved;

	/**
	 * Creates the event.
	 * @param model the model id
	 * @param leaseId identifies the expired reservation within its budget
	 * @param reserved what the reservation held per meter
	 */
	public LlmReservationExpiredEvent(String model, String leaseId, Map<Meter, Double> reserved) {
		super(model);
		this.leaseId = leaseId;
		this.reserved = Map.copyOf(reserved);
	}

	/**
	 * Identifies the expired reservation within its budget.
	 * @return the lease id
	 */
	public String getLeaseId() {
		return this.leaseId;
	}

	/**
	 * What the reservation held per meter.
	 * @return an unmodifiable map of amounts per charged meter
	 */
	public Map<Meter, Double> getReserved() {
		return this.reserved;
	}

}
