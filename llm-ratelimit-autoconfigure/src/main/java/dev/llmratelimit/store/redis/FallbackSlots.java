package dev.llmratelimit.store.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * Concurrency slots of the calls a fallback admitted, while they run. When Redis is back,
 * the slots of calls still running are reported to it, to be held there as leases until the
 * calls end, so that Redis does not hand them out again meanwhile. A call that ends while
 * its slots are being reported gives them back once the report went through.
 */
final class FallbackSlots {

	/** Slots held by the fallback only, by the id of the fallback lease. */
	private final Map<String, Double> running = new HashMap<>();

	private final Map<String, Double> reporting = new HashMap<>();

	private final Map<String, Double> heldInRedis = new HashMap<>();

	/** Calls that ended while their slots were being reported. */
	private final Map<String, Double> endedWhileReporting = new HashMap<>();

	synchronized void started(String lease, double slots) {
		if (slots > 0) {
			this.running.put(lease, slots);
		}
	}

	/**
	 * Starts reporting the slots of every call still running.
	 * @return the slots, by fallback lease id
	 */
	synchronized Map<String, Double> report() {
		this.reporting.putAll(this.running);
		this.running.clear();
		return Map.copyOf(this.reporting);
	}

	/**
	 * Redis holds the reported slots now.
	 * @return the slots of calls that ended meanwhile, to give back in Redis
	 */
	synchronized Map<String, Double> reported() {
		this.heldInRedis.putAll(this.reporting);
		this.reporting.clear();
		Map<String, Double> ended = Map.copyOf(this.endedWhileReporting);
		this.endedWhileReporting.clear();
		return ended;
	}

	/** The report did not reach Redis: the slots are the fallback's alone again. */
	synchronized void notReported() {
		this.running.putAll(this.reporting);
		this.reporting.clear();
		this.endedWhileReporting.clear();
	}

	/**
	 * A call of the fallback ended.
	 * @param lease the id of its fallback lease
	 * @return the slots Redis holds for it, to give back there, or 0
	 */
	synchronized double ended(String lease) {
		if (this.running.remove(lease) != null) {
			return 0;
		}
		Double slots = this.reporting.remove(lease);
		if (slots != null) {
			this.endedWhileReporting.put(lease, slots);
			return 0;
		}
		slots = this.heldInRedis.remove(lease);
		return (slots != null) ? slots : 0;
	}

	/** Whether calls still running hold slots that Redis has not been told of. */
	synchronized boolean hasUnreported() {
		return !this.running.isEmpty();
	}

}
