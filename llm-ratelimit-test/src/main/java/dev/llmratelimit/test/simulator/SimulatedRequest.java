package dev.llmratelimit.test.simulator;

import java.util.Objects;

/**
 * What the simulated provider needs to know about a request.
 *
 * @param model the model id
 * @param prompt all input text (system prompt and messages)
 * @param maxTokens the request's {@code max_tokens}
 */
public record SimulatedRequest(String model, String prompt, long maxTokens) {

	/**
	 * Validates the request.
	 */
	public SimulatedRequest {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(prompt, "prompt");
		if (maxTokens < 1) {
			throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
		}
	}

}
