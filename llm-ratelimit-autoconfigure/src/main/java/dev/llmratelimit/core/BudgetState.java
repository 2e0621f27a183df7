package dev.llmratelimit.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * Snapshot of a budget, for headroom reports.
 *
 * @param meters state of each limited meter
 * @param inFlight leases not yet settled
 * @param waiting tickets in the queue
 * @param cooldownRemainingNanos time left in a provider cooldown, zero when none
 */
public record BudgetState(Map<Meter, MeterState> meters, int inFlight, int waiting, long cooldownRemainingNanos) {

	/**
	 * Copies the meters into an unmodifiable map.
	 */
	public BudgetState {
		meters = meters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(meters));
	}

}
