package dev.llmratelimit.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.autoconfigure.LlmRateLimitAnthropicAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitOpenAiAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitSpringAiAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitUsageAutoConfiguration;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.internal.RecordingLimiterListener;
import dev.llmratelimit.core.internal.RecordingLimiterListener.Settled;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The starter's advisor on a Spring AI {@code ChatClient} made with the contributed
 * builder customizer: calls and streams reserve before the model runs and settle exactly
 * once. (The sample app runs it against a real HTTP provider.)
 */
class ChatClientAdvisorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RecordingLimiterListener recorder = new RecordingLimiterListener();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitUsageAutoConfiguration.class,
				LlmRateLimitAnthropicAutoConfiguration.class, LlmRateLimitOpenAiAutoConfiguration.class,
				LlmRateLimitSpringAiAutoConfiguration.class, LlmRateLimitAutoConfiguration.class))
		.withPropertyValues("llm.ratelimit.models.claude.tokens-per-minute=10000")
		.withBean(RecordingLimiterListener.class, () -> this.recorder);

	@Test
	void callReservesThePromptsMaxTokensAndSettlesWithTheResponseUsage() {
		run(new ScriptedChatModel((prompt) -> Flux.just(chunk("Hello!", LlmUsage.of(12, 7)))), (client, context) -> {
			assertThat(client.prompt().user("Say hello").call().content()).isEqualTo("Hello!");
			assertThat(this.recorder.admitted()).singleElement()
				.satisfies((cost) -> assertThat(cost.amount(Meter.TOKENS_PER_MINUTE)).isGreaterThan(200));
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(12, 7)));
		});
	}

	@Test
	void callThatFailsSettlesOnceAsFailed() {
		run(new ScriptedChatModel((prompt) -> Flux.error(new IllegalStateException("boom"))), (client, context) -> {
			assertThatIllegalStateException().isThrownBy(() -> client.prompt().user("Say hello").call().content());
			assertThat(this.recorder.settled()).extracting(Settled::outcome).containsExactly(Settlement.FAILED);
		});
	}

	@Test
	void streamSettlesOnceWithTheUsageOfItsLastChunk() {
		run(new ScriptedChatModel((prompt) -> Flux.just(chunk("Hel", null), chunk("lo", null),
				chunk("", LlmUsage.of(12, 30)))), (client, context) -> {
					StepVerifier.create(client.prompt().user("Say hello").stream().chatResponse())
						.expectNextCount(3)
						.expectComplete()
						.verify(TIMEOUT);
					assertThat(this.recorder.settled())
						.containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(12, 30)));
				});
	}

	@Test
	void streamCancelledBySubscriberSettlesOnceAndReleasesItsReservation() {
		run(new ScriptedChatModel((prompt) -> Flux.concat(Flux.just(chunk("Hel", null)), Flux.never())),
				(client, context) -> {
					StepVerifier.create(client.prompt().user("Say hello").stream().content())
						.expectNext("Hel")
						.thenCancel()
						.verify(TIMEOUT);
					assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, null));
					assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().inFlight())
						.isZero();
				});
	}

	@Test
	void streamThatFailsSettlesOnceAsFailed() {
		run(new ScriptedChatModel((prompt) -> Flux.concat(Flux.just(chunk("Hel", null)),
				Flux.error(new IllegalStateException("connection reset")))), (client, context) -> {
					StepVerifier.create(client.prompt().user("Say hello").stream().content())
						.expectNext("Hel")
						.expectError()
						.verify(TIMEOUT);
					assertThat(this.recorder.settled()).extracting(Settled::outcome)
						.containsExactly(Settlement.FAILED);
				});
	}

	@Test
	void callRoutedToAFallbackReachesTheModelWithPromptOptionsNamingTheFallback() {
		List<String> models = new CopyOnWriteArrayList<>();
		ChatModel model = new ScriptedChatModel((prompt) -> {
			models.add(prompt.getOptions().getModel());
			return Flux.just(chunk("Hello!", LlmUsage.of(12, 7)));
		});
		this.runner
			.withPropertyValues("llm.ratelimit.models.claude.requests-per-minute=1",
					"llm.ratelimit.models.claude.fallbacks=haiku", "llm.ratelimit.models.haiku.requests-per-minute=50",
					"llm.ratelimit.max-wait=0s")
			.run((context) -> {
				ChatClient.Builder builder = ChatClient.builder(model);
				context.getBean(ChatClientBuilderCustomizer.class).customize(builder);
				ChatClient client = builder.build();
				client.prompt().user("Say hello").call().content();
				client.prompt().user("Say hello again").call().content();
				assertThat(context.getBean(LlmRateLimiter.class).headroom("haiku").orElseThrow().inFlight()).isZero();
			});
		assertThat(models).containsExactly("claude", "haiku");
	}

	private void run(ChatModel model, ClientTest test) {
		this.runner.run((context) -> {
			ChatClient.Builder builder = ChatClient.builder(model);
			context.getBean(ChatClientBuilderCustomizer.class).customize(builder);
			test.run(builder.build(), context);
		});
	}

	private static ChatResponse chunk(String text, LlmUsage usage) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().model("claude");
		if (usage != null) {
			metadata.usage(new DefaultUsage((int) usage.inputTokens(), (int) usage.outputTokens()));
		}
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text))), metadata.build());
	}

	@FunctionalInterface
	interface ClientTest {

		void run(ChatClient client, AssertableApplicationContext context);

	}

	/**
	 * A chat model answering from a script, with {@code claude} and 200 max tokens as its
	 * default options.
	 */
	static final class ScriptedChatModel implements ChatModel {

		private final Function<Prompt, Flux<ChatResponse>> script;

		ScriptedChatModel(Function<Prompt, Flux<ChatResponse>> script) {
			this.script = script;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			return this.script.apply(prompt).blockLast(TIMEOUT);
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return this.script.apply(prompt);
		}

		@Override
		public ChatOptions getOptions() {
			return ChatOptions.builder().model("claude").maxTokens(200).build();
		}

	}

}
