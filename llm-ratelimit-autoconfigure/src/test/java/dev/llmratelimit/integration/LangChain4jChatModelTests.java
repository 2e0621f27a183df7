package dev.llmratelimit.integration;

import java.io.IOException;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitLangChain4jAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitProviderAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitUsageAutoConfiguration;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import dev.llmratelimit.langchain4j.RateLimitedChatModel;
import mockwebserver3.MockResponse;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * A LangChain4j {@code ChatModel} bean (LangChain4j's Anthropic model) decorated by the
 * starter, and a bare {@code @LlmRateLimited} method over it, against a server speaking the
 * Messages API.
 */
class LangChain4jChatModelTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final String MESSAGE = """
			{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
			 "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":12,"output_tokens":7}}
			""";

	private final MockWebServer server = new MockWebServer();

	private final RecordingLimiterListener recorder = new RecordingLimiterListener();

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class,
					LlmRateLimitUsageAutoConfiguration.class,
					LlmRateLimitLangChain4jAutoConfiguration.class, LlmRateLimitAutoConfiguration.class))
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.provider=anthropic",
					"llm.ratelimit.models.claude-sonnet-4-5.output-tokens-per-minute=8000",
					"test.base-url=" + this.server.url("/v1/"))
			.withBean(RecordingLimiterListener.class, () -> this.recorder)
			.withUserConfiguration(ChatModelConfiguration.class);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void chatModelBeanIsDecorated() {
		this.runner.run((context) -> assertThat(context.getBean(ChatModel.class))
			.isInstanceOf(RateLimitedChatModel.class));
	}

	@Test
	void chatReservesTheModelsMaxTokensAndSettlesWithTheResponseUsage() {
		this.server.enqueue(success());

		this.runner.run((context) -> {
			String answer = context.getBean(ChatModel.class).chat("Say hello");
			assertThat(answer).isEqualTo("Hello!");
			assertThat(this.recorder.admitted()).singleElement()
				.satisfies((cost) -> assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(300));
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.usage()).isEqualTo(LlmUsage.of(12, 7)));
		});
	}

	@Test
	void rateLimitedResponseIsClassifiedAsARateLimit() {
		this.server.enqueue(new MockResponse.Builder().code(429)
			.addHeader("content-type", "application/json")
			.body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")
			.build());

		this.runner.run((context) -> {
			assertThatExceptionOfType(RateLimitException.class)
				.isThrownBy(() -> context.getBean(ChatModel.class).chat("Say hello"));
			assertThat(this.recorder.settled()).singleElement()
				.satisfies((settled) -> assertThat(settled.outcome()).isEqualTo(Settlement.THROTTLED));
			assertThat(context.getBean(LlmRateLimiter.class).headroom(MODEL).orElseThrow().cooldownUntil())
				.isNotNull();
		});
	}

	@Test
	void bareAnnotationOnAMethodTakingAChatRequestReservesOnceForTheCallInside() {
		this.server.enqueue(success());

		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withBean(LangChain4jChatService.class)
			.run((context) -> {
				ChatResponse response = context.getBean(LangChain4jChatService.class)
					.ask(ChatRequest.builder()
						.modelName(MODEL)
						.maxOutputTokens(200)
						.messages(UserMessage.from("Say hello"))
						.build());
				assertThat(response.aiMessage().text()).isEqualTo("Hello!");
				assertThat(this.recorder.admitted()).singleElement()
					.satisfies((cost) -> assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(200));
				assertThat(this.recorder.settled()).singleElement()
					.satisfies((settled) -> assertThat(settled.usage()).isEqualTo(LlmUsage.of(12, 7)));
			});
	}

	@Test
	void chatRoutedToAFallbackSendsTheRequestRebuiltForTheFallbackModel() throws InterruptedException {
		this.server.enqueue(success());
		this.server.enqueue(success());

		this.runner
			.withPropertyValues("llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=1",
					"llm.ratelimit.models.claude-sonnet-4-5.fallbacks=claude-haiku-4-5",
					"llm.ratelimit.models.claude-haiku-4-5.requests-per-minute=50", "llm.ratelimit.max-wait=0s")
			.run((context) -> {
				ChatModel chatModel = context.getBean(ChatModel.class);
				chatModel.chat("Say hello");
				chatModel.chat("Say hello again");
				assertThat(context.getBean(LlmRateLimiter.class).headroom("claude-haiku-4-5").orElseThrow().meters()
					.get(Meter.REQUESTS_PER_MINUTE)
					.available()).isCloseTo(49, within(0.5));
			});
		assertThat(this.server.takeRequest().getBody().utf8()).containsPattern("\"model\" ?: ?\"claude-sonnet-4-5\"");
		assertThat(this.server.takeRequest().getBody().utf8()).containsPattern("\"model\" ?: ?\"claude-haiku-4-5\"");
	}

	@Test
	void decorationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.langchain4j.chat-model.enabled=false")
			.run((context) -> assertThat(context.getBean(ChatModel.class)).isInstanceOf(AnthropicChatModel.class));
	}

	private static MockResponse success() {
		return new MockResponse.Builder().code(200)
			.addHeader("content-type", "application/json")
			.body(MESSAGE)
			.build();
	}

	/**
	 * Asks the decorated model from a method with nothing but the annotation.
	 */
	static class LangChain4jChatService {

		private final ChatModel chatModel;

		LangChain4jChatService(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@LlmRateLimited
		public ChatResponse ask(ChatRequest request) {
			return this.chatModel.chat(request);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChatModelConfiguration {

		@Bean
		ChatModel chatModel(Environment environment) {
			return AnthropicChatModel.builder()
				.baseUrl(environment.getRequiredProperty("test.base-url"))
				.apiKey("test-key")
				.modelName(MODEL)
				.maxTokens(300)
				.maxRetries(0)
				.build();
		}

	}

}
