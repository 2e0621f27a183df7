package dev.llmratelimit.integration;

import java.io.IOException;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAnthropicAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitProviderAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitUsageAutoConfiguration;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.llmratelimit.anthropic.AnthropicMessagesApi.MODEL;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.params;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.rateLimitedWithoutLimits;
import static dev.llmratelimit.anthropic.AnthropicMessagesApi.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bare {@code @LlmRateLimited} method over the official Anthropic Java SDK, with the
 * whole starter, against a server speaking the Messages API.
 */
class AnthropicSdkRateLimitedMethodTests {

	private final MockWebServer server = new MockWebServer();

	private final RecordingLimiterListener recorder = new RecordingLimiterListener();

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class,
					LlmRateLimitUsageAutoConfiguration.class,
					LlmRateLimitAnthropicAutoConfiguration.class, LlmRateLimitAutoConfiguration.class,
					AopAutoConfiguration.class))
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.provider=anthropic",
					"llm.ratelimit.models.claude-sonnet-4-5.input-tokens-per-minute=20000",
					"llm.ratelimit.models.claude-sonnet-4-5.output-tokens-per-minute=8000")
			.withBean(RecordingLimiterListener.class, () -> this.recorder)
			.withBean(AnthropicClient.class,
					() -> AnthropicOkHttpClient.builder()
						.baseUrl(this.server.url("/").toString())
						.apiKey("test-key")
						.maxRetries(0)
						.build())
			.withBean(AnthropicChatService.class);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void reservationUsesTheMaxTokensOfTheRequest() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(AnthropicChatService.class).ask(params());
			assertThat(this.recorder.admitted()).singleElement()
				.satisfies((cost) -> assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(300));
		});
	}

	@Test
	void settlementUsesTheUsageOfTheResponse() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(AnthropicChatService.class).ask(params());
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.usage()).isEqualTo(new LlmUsage(12, 7, 100, 30)));
		});
	}

	@Test
	void rateLimitHeadersOfTheResponseTeachTheLimiterItsLimits() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			context.getBean(AnthropicChatService.class).ask(params());
			Headroom headroom = context.getBean(LlmRateLimiter.class).headroom(MODEL).orElseThrow();
			assertThat(headroom.meters()).hasEntrySatisfying(Meter.INPUT_TOKENS_PER_MINUTE, (meter) -> {
				assertThat(meter.limit()).isEqualTo(30000);
				assertThat(meter.source()).isEqualTo(LimitSource.HEADERS);
			});
			assertThat(headroom.meters().get(Meter.REQUESTS_PER_MINUTE).limit()).isEqualTo(50);
		});
	}

	@Test
	void rateLimitedResponseOfTheSdkIsClassifiedAsARateLimitAndStartsACooldown() {
		this.server.enqueue(rateLimitedWithoutLimits());

		this.runner.run((context) -> {
			assertThatExceptionOfType(RateLimitException.class)
				.isThrownBy(() -> context.getBean(AnthropicChatService.class).ask(params()));
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.outcome()).isEqualTo(Settlement.THROTTLED));
			assertThat(context.getBean(LlmRateLimiter.class).headroom(MODEL).orElseThrow().cooldownUntil())
				.isNotNull();
		});
	}

	/**
	 * Asks through the SDK client bean, with nothing but the annotation.
	 */
	static class AnthropicChatService {

		private final AnthropicClient client;

		AnthropicChatService(AnthropicClient client) {
			this.client = client;
		}

		@LlmRateLimited
		public Message ask(MessageCreateParams params) {
			return this.client.messages().create(params);
		}

	}

}
