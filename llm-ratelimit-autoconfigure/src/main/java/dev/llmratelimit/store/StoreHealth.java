package dev.llmratelimit.store;

/**
 * Tells whether the store holding the budgets can be reached. A store that can fail (such
 * as Redis) exposes a bean of this type; the health indicator reports the store DOWN while
 * it is unavailable (calls then run on the configured fallback).
 */
public interface StoreHealth {

	/**
	 * Name of the store, shown in the health details.
	 * @return a short name such as {@code redis}
	 */
	String name();

	/**
	 * Whether the store can be reached now. Must answer quickly from what the store already
	 * knows, without a blocking round trip.
	 * @return {@code true} when the store is available
	 */
	boolean isAvailable();

}
