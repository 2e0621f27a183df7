package dev.llmratelimit.store.redis;

import java.util.List;

/**
 * Names of a model's keys in Redis. Every key starts with the hash tag
 * {@code {<prefix>:<model>}} so that all keys of a model live in one Redis Cluster slot and
 * one script can touch them all.
 */
final class RedisBudgetKeys {

	private RedisBudgetKeys() {
	}

	/**
	 * Keys of a model's budget, in the order the scripts expect them: meters and cooldown,
	 * queue, tickets, ticket expiry, leases by expiry, lease records, recent settlements,
	 * samples of others' spending, what each key (tenant) holds, the keys' turns in the queue.
	 */
	static List<String> of(String prefix, String model) {
		String tag = "{" + prefix + ":" + model + "}";
		return List.of(tag + ":budget", tag + ":queue", tag + ":tickets", tag + ":ticket-expiry", tag + ":leases",
				tag + ":lease-costs", tag + ":settled", tag + ":external", tag + ":key-holdings", tag + ":key-turns");
	}

	/** Channel on which instances announce that budget was freed. */
	static String channel(String prefix) {
		return prefix + ":budget-changed";
	}

}
