package dev.llmratelimit.integration;

import java.io.IOException;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitOpenAiAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitProviderAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitUsageAutoConfiguration;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.openai.ObservingOpenAiHttpClient;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.MODEL;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.params;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.rateLimited;
import static dev.llmratelimit.openai.OpenAiChatCompletionsApi.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bare {@code @LlmRateLimited} method over the official OpenAI Java SDK, with the whole
 * starter, against a server speaking the Chat Completions API. The SDK's HTTP client is
 * decorated by hand, taking the model from the enclosing rate-limited call.
 */
class OpenAiSdkRateLimitedMethodTests {

	private final MockWebServer server = new MockWebServer();

	private final RecordingLimiterListener recorder = new RecordingLimiterListener();

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class,
					LlmRateLimitUsageAutoConfiguration.class,
					LlmRateLimitOpenAiAutoConfiguration.class, LlmRateLimitAutoConfiguration.class,
					AopAutoConfiguration.class))
			.withPropertyValues("llm.ratelimit.models[gpt-4.1-mini].provider=openai",
					"llm.ratelimit.models[gpt-4.1-mini].tokens-per-minute=100000")
			.withBean(RecordingLimiterListener.class, () -> this.recorder)
			.withPropertyValues("test.base-url=" + this.server.url("/v1"))
			.withUserConfiguration(OpenAiClientConfiguration.class)
			.withBean(OpenAiChatService.class);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void reservationUsesTheMaxTokensOfTheRequest() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(OpenAiChatService.class).ask(params());
			assertThat(this.recorder.admitted()).singleElement()
				.satisfies((cost) -> assertThat(cost.amount(Meter.TOKENS_PER_MINUTE)).isGreaterThan(256));
		});
	}

	@Test
	void settlementUsesTheUsageOfTheResponse() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(OpenAiChatService.class).ask(params());
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.usage()).isEqualTo(new LlmUsage(56, 9, 64, 0)));
		});
	}

	@Test
	void rateLimitHeadersOfTheResponseTeachTheLimiterItsLimits() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(OpenAiChatService.class).ask(params());
			Headroom headroom = context.getBean(LlmRateLimiter.class).headroom(MODEL).orElseThrow();
			assertThat(headroom.meters()).hasEntrySatisfying(Meter.TOKENS_PER_MINUTE, (meter) -> {
				assertThat(meter.limit()).isEqualTo(150000);
				assertThat(meter.source()).isEqualTo(LimitSource.HEADERS);
			});
			assertThat(headroom.meters().get(Meter.REQUESTS_PER_MINUTE).limit()).isEqualTo(60);
		});
	}

	@Test
	void rateLimitedResponseOfTheSdkIsClassifiedAsARateLimitAndStartsACooldown() {
		this.server.enqueue(rateLimited());

		this.runner.run((context) -> {
			assertThatExceptionOfType(RateLimitException.class)
				.isThrownBy(() -> context.getBean(OpenAiChatService.class).ask(params()));
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.outcome()).isEqualTo(Settlement.THROTTLED));
			assertThat(context.getBean(LlmRateLimiter.class).headroom(MODEL).orElseThrow().cooldownUntil())
				.isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OpenAiClientConfiguration {

		@Bean(destroyMethod = "close")
		OpenAIClient openAiClient(LlmRateLimiter limiter, Environment environment) {
			return new OpenAIClientImpl(ClientOptions.builder()
				.httpClient(new ObservingOpenAiHttpClient(OkHttpClient.builder().build(), limiter,
						() -> ReservationContext.current().map(Reservation::model)))
				.baseUrl(environment.getRequiredProperty("test.base-url"))
				.apiKey("test-key")
				.maxRetries(0)
				.build());
		}

	}

	/**
	 * Asks through the SDK client bean, with nothing but the annotation.
	 */
	static class OpenAiChatService {

		private final OpenAIClient client;

		OpenAiChatService(OpenAIClient client) {
			this.client = client;
		}

		@LlmRateLimited
		public ChatCompletion ask(ChatCompletionCreateParams params) {
			return this.client.chat().completions().create(params);
		}

	}

}
