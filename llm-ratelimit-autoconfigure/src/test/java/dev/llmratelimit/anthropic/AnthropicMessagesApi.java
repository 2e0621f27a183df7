package dev.llmratelimit.anthropic;

import com.anthropic.models.messages.MessageCreateParams;
import mockwebserver3.MockResponse;

/**
 * A request and the responses of the Anthropic Messages API, with rate-limit headers, for
 * the tests of the SDK hooks.
 */
public final class AnthropicMessagesApi {

	/** The model the request names. */
	public static final String MODEL = "claude-sonnet-4-5";

	private static final String MESSAGE = """
			{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
			 "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":12,"output_tokens":7,"cache_read_input_tokens":100,"cache_creation_input_tokens":30}}
			""";

	private static final String RATE_LIMITED = """
			{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_01"}
			""";

	private AnthropicMessagesApi() {
	}

	/**
	 * A request for {@link #MODEL} with 300 max tokens.
	 * @return the request
	 */
	public static MessageCreateParams params() {
		return MessageCreateParams.builder()
			.model(MODEL)
			.maxTokens(300)
			.system("Be brief.")
			.addUserMessage("Say hello")
			.build();
	}

	/**
	 * A success: 12 input, 7 output, 100 cache-read and 30 cache-write tokens; limits of
	 * 50 requests and 30,000 input tokens per minute.
	 * @return the response
	 */
	public static MockResponse success() {
		return new MockResponse.Builder().code(200)
			.addHeader("content-type", "application/json")
			.addHeader("anthropic-ratelimit-requests-limit", "50")
			.addHeader("anthropic-ratelimit-requests-remaining", "49")
			.addHeader("anthropic-ratelimit-input-tokens-limit", "30000")
			.addHeader("anthropic-ratelimit-input-tokens-remaining", "28000")
			.addHeader("anthropic-ratelimit-input-tokens-reset", "2026-02-25T20:02:37Z")
			.body(MESSAGE)
			.build();
	}

	/**
	 * A 429 with {@code retry-after: 7} and the requests limit (50, none remaining).
	 * @return the response
	 */
	public static MockResponse rateLimited() {
		return new MockResponse.Builder().code(429)
			.addHeader("content-type", "application/json")
			.addHeader("retry-after", "7")
			.addHeader("anthropic-ratelimit-requests-limit", "50")
			.addHeader("anthropic-ratelimit-requests-remaining", "0")
			.body(RATE_LIMITED)
			.build();
	}

	/**
	 * A 429 with {@code retry-after: 7} and no rate-limit headers.
	 * @return the response
	 */
	public static MockResponse rateLimitedWithoutLimits() {
		return new MockResponse.Builder().code(429)
			.addHeader("content-type", "application/json")
			.addHeader("retry-after", "7")
			.body(RATE_LIMITED)
			.build();
	}

}
