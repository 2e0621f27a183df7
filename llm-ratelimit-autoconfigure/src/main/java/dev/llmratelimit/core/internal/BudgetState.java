package dev.llmratelimit.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.Priority;

/**
 * Snapshot of a budget, for headroom reports.
 *
 * @param meters state of each limited meter
 * @param inFlight leases not yet settled
 * @param waiting tickets in the queue
 * @param cooldownRemainingNanos time left in a provider cooldown, zero when none
 * @param waitingByPriority tickets in the queue per priority; empty when the store does not
 * rank calls
 * @param keysNearShare keys (tenants) holding most of their share of a meter, the fullest
 * first; empty when keys are not capped
 */
public record BudgetState(Map<Meter, MeterState> meters, int inFlight, int waiting, long cooldownRemainingNanos,
		Map<Priority, Integer> waitingByPriority, List<KeyShare> keysNearShare) {

	/**
	 * Copies the maps and list into unmodifiable ones.
	 */
	public BudgetState {
		meters = meters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(meters));
		waitingByPriority = waitingByPriority.isEmpty() ? Map.of()
				: Collections.unmodifiableMap(new EnumMap<>(waitingByPriority));
		keysNearShare = List.copyOf(keysNearShare);
	}

	/**
	 * Snapshot of a budget that does not rank calls or cap keys.
	 * @param meters state of each limited meter
	 * @param inFlight leases not yet settled
	 * @param waiting tickets in the queue
	 * @param cooldownRemainingNanos time left in a provider cooldown, zero when none
	 */
	public BudgetState(Map<Meter, MeterState> meters, int inFlight, int waiting, long cooldownRemainingNanos) {
		this(meters, inFlight, waiting, cooldownRemainingNanos, Map.of(), List.of());
	}

	/**
	 * A key (a tenant) near its share of a model's meters.
	 *
	 * @param key the key
	 * @param meter the meter it holds the largest part of
	 * @param share the part of that meter's limit it holds, from 0 to 1
	 * @param maxShare the most it may hold
	 */
	public record KeyShare(String key, Meter meter, double share, double maxShare) {
	}

}
