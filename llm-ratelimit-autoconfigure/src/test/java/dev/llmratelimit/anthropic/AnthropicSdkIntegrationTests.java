package dev.llmratelimit.anthropic;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.anthropic.internal.AnthropicSdkFailureResponses;
import dev.llmratelimit.anthropic.internal.AnthropicSdkRequestInspector;
import dev.llmratelimit.anthropic.internal.AnthropicSdkUsageExtractor;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.RecordingDialect;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.llmratelimit.anthropic.AnthropicMessagesApi.MODEL;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.params;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.rateLimited;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The official Anthropic Java SDK against a server speaking the Messages API.
 */
class AnthropicSdkIntegrationTests {

	private final MockWebServer server = new MockWebServer();

	private final RecordingDialect dialect = new RecordingDialect("anthropic-ratelimit-requests-limit");

	private final RecordingLimiterListener listener = new RecordingLimiterListener();

	private BudgetLimiter limiter;

	private AnthropicClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.limiter = BudgetLimiter.builder()
			.dialects(new DialectRegistry(List.of(this.dialect)))
			.failureResponses(new AnthropicSdkFailureResponses())
			.listener(this.listener)
			.model(ModelLimits.unconfigured(MODEL))
			.build();
		this.client = AnthropicOkHttpClient.builder()
			.baseUrl(this.server.url("/").toString())
			.apiKey("test-key")
			.maxRetries(0)
			.addInterceptor(ObservingAnthropicHttpClient.interceptor(this.limiter))
			.build();
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.close();
	}

	@Test
	void inspectorReadsModelMaxTokensAndInputText() {
		LlmRequestInfo info = new AnthropicSdkRequestInspector().inspect(params()).orElseThrow();

		assertThat(info.model()).isEqualTo(MODEL);
		assertThat(info.maxTokens()).isEqualTo(300);
		assertThat(info.inputText().toString()).contains("Be brief.", "Say hello").doesNotContain("user");
	}

	@Test
	void usageExtractorReadsUsageOfTheReturnedMessageWithCacheTokens() {
		this.server.enqueue(success());

		Message message = this.client.messages().create(params());

		assertThat(new AnthropicSdkUsageExtractor().usageOf(message)).contains(new LlmUsage(12, 7, 100, 30));
	}

	@Test
	void rateLimitHeadersOfEachResponseReachTheLimiterUnderTheRequestModel() {
		this.server.enqueue(success());

		this.client.messages().create(params());

		assertThat(this.listener.observed()).extracting((entry) -> entry.getKey()).containsExactly(MODEL);
		ProviderResponse seen = this.dialect.responses().get(0);
		assertThat(seen.status()).isEqualTo(200);
		assertThat(seen.header("anthropic-ratelimit-input-tokens-remaining")).isEqualTo("28000");
		assertThat(seen.header("anthropic-ratelimit-requests-limit")).isEqualTo("50");
		assertThat(this.limiter.provider(MODEL)).contains("recording");
	}

	@Test
	void requestLeavingInsideACallTellsItsReservationSoThatCallsNotSentYetCountAsUnseen() {
		ManualTimeSource time = new ManualTimeSource();
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(time)
			.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
			.model(ModelLimits.builder(MODEL).provider(AnthropicDialect.ID).limit(Meter.REQUESTS_PER_MINUTE, 50).build())
			.build();
		this.server.enqueue(success());
		Reservation sent = limiter.reserve(MODEL, 100, 100, Duration.ZERO);
		limiter.reserve(MODEL, 100, 100, Duration.ZERO);
		time.advance(Duration.ofSeconds(1));

		AnthropicClient observed = AnthropicOkHttpClient.builder()
			.baseUrl(this.server.url("/").toString())
			.apiKey("test-key")
			.maxRetries(0)
			.addInterceptor(ObservingAnthropicHttpClient.interceptor(limiter))
			.build();
		try (ReservationContext.Scope scope = ReservationContext.open(sent)) {
			observed.messages().create(params());
		}
		finally {
			observed.close();
		}

		assertThat(limiter.headroom(MODEL).orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isEqualTo(48);
	}

	@Test
	void responsesOfTheAsyncClientReachTheLimiterToo() {
		this.server.enqueue(success());

		Message message = this.client.async().messages().create(params()).join();

		assertThat(message.id()).isEqualTo("msg_01");
		assertThat(this.dialect.responses()).singleElement()
			.satisfies((response) -> assertThat(response.header("anthropic-ratelimit-requests-remaining"))
				.isEqualTo("49"));
	}

	@Test
	void rateLimitedResponseReachesTheLimiterWithItsRetryAfter() {
		this.server.enqueue(rateLimited());

		assertThatExceptionOfType(RateLimitException.class)
			.isThrownBy(() -> this.client.messages().create(params()));

		assertThat(this.dialect.responses()).singleElement()
			.satisfies((response) -> assertThat(response.status()).isEqualTo(429));
		assertThat(this.listener.observed()).singleElement()
			.satisfies((entry) -> assertThat(entry.getValue().retryAfter()).isEqualTo(Duration.ofSeconds(7)));
	}

	@Test
	void failureResponsesTurnTheSdkRateLimitExceptionIntoTheProviderResponse() {
		this.server.enqueue(rateLimited());

		RateLimitException failure = org.junit.jupiter.api.Assertions.assertThrows(RateLimitException.class,
				() -> this.client.messages().create(params()));
		ProviderResponse response = new AnthropicSdkFailureResponses().responseOf(new IllegalStateException(failure))
			.orElseThrow();

		assertThat(response.status()).isEqualTo(429);
		assertThat(response.header("retry-after")).isEqualTo("7");
		assertThat(response.body()).contains("rate_limit_error");
	}

	@Test
	void failedReservationFeedsTheSdkRateLimitToTheLimiter() {
		this.server.enqueue(rateLimited());
		Reservation reservation = this.limiter.reserve(MODEL, 10, 300, Duration.ZERO);

		RateLimitException failure = org.junit.jupiter.api.Assertions.assertThrows(RateLimitException.class,
				() -> this.client.messages().create(params()));
		reservation.fail(failure);

		assertThat(this.listener.observed()).hasSize(2)
			.allSatisfy((entry) -> assertThat(entry.getValue().isRateLimited()).isTrue());
	}

}
