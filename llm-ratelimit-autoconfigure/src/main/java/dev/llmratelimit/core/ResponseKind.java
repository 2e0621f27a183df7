package dev.llmratelimit.core;

/**
 * What a provider's response means for rate limiting.
 */
public enum ResponseKind {

	/** A successful call. */
	OK,

	/** Refused by a rate limit: waiting helps. */
	RATE_LIMITED,

	/** Refused for lack of credit or a spend cap: waiting does not help. */
	QUOTA_EXHAUSTED,

	/** The provider is overloaded (for example Anthropic's 529): not a quota signal. */
	OVERLOADED,

	/** Any other failure. */
	OTHER_ERROR

}
