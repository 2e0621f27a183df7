package dev.llmratelimit.aop.internal;

import java.util.List;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Priority;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitSpringAiAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitUsageAutoConfiguration;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.ReservationContext;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for fallbacks, priorities and keys of {@code @LlmRateLimited} methods on real
 * proxied beans: a model admitting one request per minute that falls back to one admitting
 * a hundred.
 */
class RoutedCallTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class,
				LlmRateLimitUsageAutoConfiguration.class, LlmRateLimitSpringAiAutoConfiguration.class,
				AopAutoConfiguration.class))
		.withBean(TimeSource.class, ManualTimeSource::new)
		.withBean(Assistant.class)
		.withPropertyValues("llm.ratelimit.max-wait=0s", "llm.ratelimit.models.small.requests-per-minute=1",
				"llm.ratelimit.models.small.fallbacks=large", "llm.ratelimit.models.large.requests-per-minute=100",
				"llm.ratelimit.models.other.requests-per-minute=1");

	@Test
	void stringModelParameterIsReplacedByTheFallbackTheCallWasReservedOn() {
		this.contextRunner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			assertThat(assistant.ask("small", "hello")).isEqualTo(new Answer("small", "small"));
			assertThat(assistant.ask("small", "hello")).isEqualTo(new Answer("large", "large"));
			assertThat(context.getBean(LlmRateLimiter.class).headroom("large").orElseThrow().inFlight()).isZero();
		});
	}

	@Test
	void annotationFallbacksOverrideTheConfiguredOnes() {
		this.contextRunner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			assistant.askOther("other");
			assertThat(assistant.askOther("other")).isEqualTo(new Answer("small", "small"));
		});
	}

	@Test
	void springAiPromptIsPassedOnRebuiltWithTheFallbackModel() {
		this.contextRunner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			assertThat(assistant.prompt(prompt("small"))).isEqualTo("small");
			assertThat(assistant.prompt(prompt("small"))).isEqualTo("large");
		});
	}

	@Test
	void methodThatCannotBeToldItsModelIsNeverRouted() {
		this.contextRunner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			assistant.fixed("hello");
			assertThat(context.getBean(LlmRateLimiter.class).tryReserve("large", 0, 1)).isPresent();
			assertThat(context.getBean(LlmRateLimiter.class).headroom("large").orElseThrow().inFlight()).isOne();
		});
	}

	@Test
	void fallbacksOnAMethodThatCannotBeToldItsModelFailNamingTheMethod() {
		this.contextRunner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(Assistant.class).misconfigured("hello"))
			.withMessageContaining("Assistant.misconfigured")
			.withMessageContaining("cannot be told the model"));
	}

	@Test
	void priorityAndKeyReachTheBudget() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.large.max-share-per-key=0.02")
			.run((context) -> {
				Assistant assistant = context.getBean(Assistant.class);
				assertThat(assistant.tenant("large", "acme")).isEqualTo("large");
				assertThat(assistant.tenant("large", "acme")).isEqualTo("large");
				// acme holds its 2% (2 requests) of large: a third call has no model to go to
				assertThatExceptionOfType(LlmRateLimitExceededException.class)
					.isThrownBy(() -> assistant.tenant("large", "acme"));
				assertThat(assistant.tenant("large", "globex")).isEqualTo("large");
			});
	}

	private static Prompt prompt(String model) {
		return new Prompt(List.of(new UserMessage("hello")), ChatOptions.builder().model(model).maxTokens(10).build());
	}

	/**
	 * What a method saw: the model parameter, and the model of the current reservation.
	 *
	 * @param parameter the model argument the method ran with
	 * @param reserved the model the current reservation is on
	 */
	record Answer(String parameter, String reserved) {
	}

	static class Assistant {

		@LlmRateLimited(model = "#model", maxTokens = "1")
		public Answer ask(String model, String prompt) {
			Reservation reservation = ReservationContext.current().orElseThrow();
			reservation.completeAsReserved();
			return new Answer(model, reservation.model());
		}

		@LlmRateLimited(model = "#p0", maxTokens = "1", fallbacks = "small")
		public Answer askOther(String model) {
			return new Answer(model, ReservationContext.current().orElseThrow().model());
		}

		@LlmRateLimited
		public String prompt(Prompt prompt) {
			return prompt.getOptions().getModel();
		}

		@LlmRateLimited(model = "small", maxTokens = "1")
		public String fixed(String prompt) {
			return prompt;
		}

		@LlmRateLimited(model = "small", maxTokens = "1", fallbacks = "large")
		public String misconfigured(String prompt) {
			return prompt;
		}

		@LlmRateLimited(model = "#model", maxTokens = "1", priority = Priority.HIGH, key = "#tenant")
		public String tenant(String model, String tenant) {
			return model;
		}

	}

}
