package dev.llmratelimit.openai;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import mockwebserver3.MockResponse;

/**
 * A request and the responses of the OpenAI Chat Completions API, with rate-limit headers,
 * for the tests of the SDK hooks.
 */
public final class OpenAiChatCompletionsApi {

	/** The model the request names. */
	public static final String MODEL = "gpt-4.1-mini";

	private static final String COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null},"logprobs":null,"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129,"prompt_tokens_details":{"cached_tokens":64}}}
			""";

	private static final String RATE_LIMITED = """
			{"error":{"message":"Rate limit reached for gpt-4.1-mini on tokens per min (TPM): Limit 200000, Used 170633, Requested 180002. Please try again in 45.19s.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}
			""";

	private OpenAiChatCompletionsApi() {
	}

	/**
	 * A request for {@link #MODEL} with 256 max completion tokens.
	 * @return the request
	 */
	public static ChatCompletionCreateParams params() {
		return ChatCompletionCreateParams.builder()
			.model(MODEL)
			.maxCompletionTokens(256)
			.addDeveloperMessage("Be brief.")
			.addUserMessage("Say hello")
			.build();
	}

	/**
	 * A success: 120 prompt tokens (64 cached) and 9 completion tokens; limits of 60
	 * requests and 150,000 tokens per minute.
	 * @return the response
	 */
	public static MockResponse success() {
		return new MockResponse.Builder().code(200)
			.addHeader("content-type", "application/json")
			.addHeader("x-ratelimit-limit-requests", "60")
			.addHeader("x-ratelimit-limit-tokens", "150000")
			.addHeader("x-ratelimit-remaining-requests", "59")
			.addHeader("x-ratelimit-remaining-tokens", "149984")
			.addHeader("x-ratelimit-reset-requests", "1s")
			.addHeader("x-ratelimit-reset-tokens", "6m0s")
			.body(COMPLETION)
			.build();
	}

	/**
	 * A 429 with {@code retry-after: 46} and {@code retry-after-ms: 45190}.
	 * @return the response
	 */
	public static MockResponse rateLimited() {
		return new MockResponse.Builder().code(429)
			.addHeader("content-type", "application/json")
			.addHeader("retry-after", "46")
			.addHeader("retry-after-ms", "45190")
			.addHeader("x-ratelimit-limit-requests", "60")
			.body(RATE_LIMITED)
			.build();
	}

}
