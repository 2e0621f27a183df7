package dev.llmratelimit.test.simulator;

/**
 * Which provider the simulator imitates: the names and formats of its rate-limit headers,
 * its 429s and, over HTTP, its API.
 */
public enum WireFormat {

	/**
	 * Anthropic's Messages API ({@code POST /v1/messages}) with the
	 * {@code anthropic-ratelimit-*} headers.
	 */
	ANTHROPIC(new AnthropicHeaders()),

	/**
	 * OpenAI's Chat Completions API ({@code POST /v1/chat/completions}) with the
	 * {@code x-ratelimit-*} headers.
	 */
	OPENAI(new OpenAiHeaders());

	private final RateLimitHeaders headers;

	WireFormat(RateLimitHeaders headers) {
		this.headers = headers;
	}

	RateLimitHeaders headers() {
		return this.headers;
	}

	/**
	 * The error {@code type} of a 429 body in this format.
	 * @param meter the meter that refused the request
	 * @return {@code rate_limit_error} for Anthropic, {@code requests} or {@code tokens} for
	 * OpenAI
	 */
	public String rateLimitErrorType(SimulatedMeter meter) {
		return (this == ANTHROPIC) ? "rate_limit_error" : OpenAiHeaders.errorType(meter);
	}

}
