package dev.llmratelimit.store;

import dev.llmratelimit.core.internal.BudgetFactory;

/**
 * Where model budgets live: in this JVM ({@code memory}) or shared by every instance of an
 * application ({@code redis}). A store creates one budget per model and reports whether it
 * can currently be reached, for the health indicator and the {@code llmlimits} endpoint.
 */
public interface BudgetStore extends BudgetFactory, StoreHealth {

	/**
	 * Whether the store can be reached. While it cannot, budgets apply the store's failure
	 * policy (for Redis: {@code llm.ratelimit.redis.on-failure}).
	 * @return {@code true} when the store is reachable
	 */
	@Override
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Registers a listener told when the store becomes unavailable or available again.
	 * @param listener the listener
	 */
	default void addAvailabilityListener(AvailabilityListener listener) {
	}

	/**
	 * Told when a {@link BudgetStore} becomes unreachable or reachable again. Called from the
	 * thread that noticed; implementations must be quick and must not throw.
	 */
	@FunctionalInterface
	interface AvailabilityListener {

		/**
		 * The store's availability changed.
		 * @param store the store
		 * @param available whether it is reachable now
		 */
		void availabilityChanged(BudgetStore store, boolean available);

	}

}
