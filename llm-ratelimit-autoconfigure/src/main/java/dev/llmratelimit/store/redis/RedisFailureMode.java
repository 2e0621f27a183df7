package dev.llmratelimit.store.redis;

/**
 * What budgets do while Redis cannot be reached.
 */
public enum RedisFailureMode {

	/**
	 * Continue on a budget in this JVM, with each limit divided by the expected number of
	 * instances.
	 */
	LOCAL,

	/** Refuse calls with {@code LlmRateLimitStoreUnavailableException}. */
	REJECT,

	/** Admit every call without limiting. */
	ALLOW

}
