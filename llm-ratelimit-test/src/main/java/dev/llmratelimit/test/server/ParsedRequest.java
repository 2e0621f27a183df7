package dev.llmratelimit.test.server;

/**
 * What a wire format's request body says, or why it is invalid.
 *
 * @param model the model id
 * @param prompt all input text
 * @param maxTokens the most output tokens
 * @param problem why the body is invalid, {@code null} when it is valid
 */
record ParsedRequest(String model, String prompt, long maxTokens, String problem) {

	static ParsedRequest invalid(String problem) {
		return new ParsedRequest(null, null, 0, problem);
	}

}
