package dev.llmratelimit.store;

import java.util.Map;

import dev.llmratelimit.core.BudgetFactory;

/**
 * Where model budgets live: in this JVM ({@code memory}) or shared by every instance of an
 * application ({@code redis}). A store creates one budget per model and reports whether it
 * can currently be reached, for the health indicator.
 */
public interface BudgetStore extends BudgetFactory {

	/**
	 * Name of the store, as set in {@code llm.ratelimit.store}.
	 * @return {@code memory} or {@code redis}
	 */
	String name();

	/**
	 * Whether the store can be reached. While it cannot, budgets apply the store's failure
	 * policy (for Redis: {@code llm.ratelimit.redis.on-failure}).
	 * @return {@code true} when the store is reachable
	 */
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Details worth showing in a health report: settings in use and, while the store is
	 * unavailable, since when and why.
	 * @return details keyed by name, never {@code null}
	 */
	default Map<String, Object> details() {
		return Map.of();
	}

	/**
	 * Registers a listener told when the store becomes unavailable or available again.
	 * @param listener the listener
	 */
	default void addAvailabilityListener(StoreAvailabilityListener listener) {
	}

}
