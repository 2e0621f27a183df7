package dev.llmratelimit.test.simulator;

/**
 * How the simulated provider charges output tokens, the two rules Anthropic has
 * documented.
 */
public enum OutputAccounting {

	/**
	 * Reserve {@code max_tokens} at admission and reconcile to the actual output when the
	 * call completes.
	 */
	RESERVE_MAX_TOKENS,

	/**
	 * Admit while the output meter is not empty and charge the actual output when the call
	 * completes.
	 */
	ACTUAL

}
