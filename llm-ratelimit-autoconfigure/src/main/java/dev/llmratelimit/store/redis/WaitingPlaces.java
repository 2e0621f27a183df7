package dev.llmratelimit.store.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The place of each call of this instance waiting for one model's budget, by the ticket
 * it was given, and which of them the heartbeat keeps in the Redis queue. Thread-safe.
 */
final class WaitingPlaces {

	private final Map<String, WaitingPlace> places = new ConcurrentHashMap<>();

	WaitingPlace get(String ticketId) {
		return this.places.get(ticketId);
	}

	void put(String ticketId, WaitingPlace place) {
		this.places.put(ticketId, place);
	}

	WaitingPlace remove(String ticketId) {
		return this.places.remove(ticketId);
	}

	/** Whether any call waits in the Redis queue. */
	boolean anyInRedis() {
		return this.places.values().stream().anyMatch((place) -> place.fallback() == null);
	}

	/**
	 * The Redis tickets of the calls still waiting there, for the heartbeat to keep; drops
	 * the Redis places whose waiters are past their deadline first.
	 * @param now the time on the instance's clock
	 * @return the ids of the Redis tickets
	 */
	List<String> redisTicketsStillWaiting(long now) {
		// past its deadline a waiter gives up (and cancels); one that vanished must not hold the Redis line.
		// A place in a fallback stays: its waiter, late under load, may still look at it; so does the
		// Redis place of a waiter that came back from a fallback (its ticket, named by the fallback,
		// cannot be asked of Redis without it)
		this.places.entrySet()
			.removeIf((entry) -> entry.getValue().fallback() == null && !Fallbacks.isFallback(entry.getKey())
					&& now - entry.getValue().deadline() > 0);
		return this.places.values()
			.stream()
			.filter((place) -> place.fallback() == null)
			.map((place) -> place.ticket().id())
			.toList();
	}

}
