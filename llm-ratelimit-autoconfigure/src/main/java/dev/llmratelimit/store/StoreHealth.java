package dev.llmratelimit.store;

import java.util.Map;

/**
 * Tells whether the store holding the budgets can be reached. Every {@link BudgetStore} is
 * one; the health indicator reports DOWN while a store is unavailable (calls then run on
 * the store's failure policy) and the {@code llmlimits} endpoint shows the store in use.
 */
public interface StoreHealth {

	/**
	 * Name of the store, as set in {@code llm.ratelimit.store}.
	 * @return a short name such as {@code memory} or {@code redis}
	 */
	String name();

	/**
	 * Whether the store can be reached now. Must answer quickly from what the store already
	 * knows, without a blocking round trip.
	 * @return {@code true} when the store is available
	 */
	boolean isAvailable();

	/**
	 * Details worth showing in a health report: settings in use and, while the store is
	 * unavailable, since when and why.
	 * @return details keyed by name, never {@code null}
	 */
	default Map<String, Object> details() {
		return Map.of();
	}

}
