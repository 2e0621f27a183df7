package dev.llmratelimit.openai;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import dev.llmratelimit.http.RecordingDialect;
import dev.llmratelimit.openai.internal.OpenAiSdkFailureResponses;
import dev.llmratelimit.openai.internal.OpenAiSdkRequestInspector;
import dev.llmratelimit.openai.internal.OpenAiSdkUsageExtractor;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.MODEL;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.params;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.rateLimited;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The official OpenAI Java SDK against a server speaking the Chat Completions API.
 */
class OpenAiSdkIntegrationTests {

	private final MockWebServer server = new MockWebServer();

	private final RecordingDialect dialect = new RecordingDialect("x-ratelimit-limit-requests");

	private final RecordingLimiterListener listener = new RecordingLimiterListener();

	private BudgetLimiter limiter;

	private OpenAIClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.limiter = BudgetLimiter.builder()
			.dialects(new DialectRegistry(List.of(this.dialect)))
			.failureResponses(new OpenAiSdkFailureResponses())
			.listener(this.listener)
			.model(ModelLimits.unconfigured(MODEL))
			.model(ModelLimits.unconfigured("shared-gpt-budget"))
			.build();
		this.client = new OpenAIClientImpl(ClientOptions.builder()
			.httpClient(new ObservingOpenAiHttpClient(OkHttpClient.builder().build(), this.limiter))
			.baseUrl(this.server.url("/v1").toString())
			.apiKey("test-key")
			.maxRetries(0)
			.build());
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.close();
	}

	@Test
	void inspectorReadsModelMaxCompletionTokensAndInputText() {
		LlmRequestInfo info = new OpenAiSdkRequestInspector().inspect(params()).orElseThrow();

		assertThat(info.model()).isEqualTo(MODEL);
		assertThat(info.maxTokens()).isEqualTo(256);
		assertThat(info.inputText().toString()).contains("Be brief.", "Say hello").doesNotContain("developer");
	}

	@Test
	void inspectorFallsBackToTheOlderMaxTokens() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(MODEL)
			.maxTokens(99)
			.addUserMessage("Hi")
			.build();

		assertThat(new OpenAiSdkRequestInspector().inspect(params)).hasValueSatisfying(
				(info) -> assertThat(info.maxTokens()).isEqualTo(99));
	}

	@Test
	void usageExtractorSplitsCachedPromptTokensFromInput() {
		this.server.enqueue(success());

		ChatCompletion completion = this.client.chat().completions().create(params());

		assertThat(new OpenAiSdkUsageExtractor().usageOf(completion)).contains(new LlmUsage(56, 9, 64, 0));
	}

	@Test
	void rateLimitHeadersOfEachResponseReachTheLimiterUnderTheRequestModel() {
		this.server.enqueue(success());

		this.client.chat().completions().create(params());

		assertThat(this.listener.observed()).extracting((entry) -> entry.getKey()).containsExactly(MODEL);
		ProviderResponse seen = this.dialect.responses().get(0);
		assertThat(seen.status()).isEqualTo(200);
		assertThat(seen.header("x-ratelimit-remaining-tokens")).isEqualTo("149984");
		assertThat(seen.header("x-ratelimit-reset-tokens")).isEqualTo("6m0s");
	}

	@Test
	void modelOfTheRequestBodyWinsOverTheModelHint() {
		this.server.enqueue(success());
		OpenAIClient hinted = new OpenAIClientImpl(ClientOptions.builder()
			.httpClient(new ObservingOpenAiHttpClient(OkHttpClient.builder().build(), this.limiter,
					() -> Optional.of("shared-gpt-budget")))
			.baseUrl(this.server.url("/v1").toString())
			.apiKey("test-key")
			.maxRetries(0)
			.build());

		hinted.chat().completions().create(params());
		hinted.close();

		assertThat(this.listener.observed()).extracting((entry) -> entry.getKey()).containsExactly(MODEL);
	}

	@Test
	void rateLimitedResponseReachesTheLimiterWithItsRetryAfter() {
		this.server.enqueue(rateLimited());

		assertThrows(RateLimitException.class, () -> this.client.chat().completions().create(params()));

		assertThat(this.listener.observed()).singleElement()
			.satisfies((entry) -> assertThat(entry.getValue().retryAfter()).isEqualTo(Duration.ofMillis(45190)));
	}

	@Test
	void failureResponsesTurnTheSdkRateLimitExceptionIntoTheProviderResponse() {
		this.server.enqueue(rateLimited());

		RateLimitException failure = assertThrows(RateLimitException.class,
				() -> this.client.chat().completions().create(params()));
		ProviderResponse response = new OpenAiSdkFailureResponses().responseOf(failure).orElseThrow();

		assertThat(response.status()).isEqualTo(429);
		assertThat(response.header("retry-after-ms")).isEqualTo("45190");
		assertThat(response.body()).contains("rate_limit_exceeded");
	}

}
