package dev.llmratelimit;

/**
 * Thrown when the shared budget store (Redis) cannot be reached and the store is set to
 * reject calls while it is down ({@code llm.ratelimit.redis.on-failure=reject}). Nothing
 * was debited: the caller may retry once the store is back.
 */
public class LlmRateLimitStoreUnavailableException extends LlmRateLimitException {

	private final String store;

	/**
	 * Creates an exception for a call refused because its budget store is unreachable.
	 * @param model the model id
	 * @param store the store's name, for example {@code redis}
	 * @param cause why the store is unreachable, or {@code null}
	 */
	public LlmRateLimitStoreUnavailableException(String model, String store, Throwable cause) {
		super("Budget store '" + store + "' of model '" + model
				+ "' is unavailable and llm.ratelimit.redis.on-failure is 'reject'; retry when it is back", model,
				null);
		this.store = store;
		if (cause != null) {
			initCause(cause);
		}
	}

	/**
	 * Name of the unreachable store.
	 * @return the store name
	 */
	public String store() {
		return this.store;
	}

}
