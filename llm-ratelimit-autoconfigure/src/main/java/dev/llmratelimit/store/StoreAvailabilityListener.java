package dev.llmratelimit.store;

/**
 * Told when a {@link BudgetStore} becomes unreachable or reachable again. Called from the
 * thread that noticed; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface StoreAvailabilityListener {

	/**
	 * The store's availability changed.
	 * @param store the store
	 * @param available whether it is reachable now
	 */
	void availabilityChanged(BudgetStore store, boolean available);

}
