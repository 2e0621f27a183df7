package dev.llmratelimit.sample.chat;

/**
 * Body of {@code POST /chat}.
 *
 * @param model the model id
 * @param prompt the user's prompt
 * @param maxTokens the most output tokens; {@code null} for {@value #DEFAULT_MAX_TOKENS}
 */
public record ChatRequest(String model, String prompt, Integer maxTokens) {

	/** Max tokens of a request that names none. */
	public static final int DEFAULT_MAX_TOKENS = 1024;

	/**
	 * This request with its max tokens filled in.
	 * @return a request whose max tokens is not {@code null}
	 */
	public ChatRequest withDefaults() {
		return (this.maxTokens != null) ? this : new ChatRequest(this.model, this.prompt, DEFAULT_MAX_TOKENS);
	}

}
