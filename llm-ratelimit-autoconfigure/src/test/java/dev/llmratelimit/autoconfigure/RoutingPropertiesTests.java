package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the routing properties of a model ({@code fallbacks}, {@code fallback-after},
 * {@code low-priority-reserve}, {@code max-share-per-key}) bound by
 * {@link LlmRateLimitAutoConfiguration}.
 */
class RoutingPropertiesTests {

	private static final String SONNET = "llm.ratelimit.models.claude-sonnet-4-5.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class))
		.withPropertyValues(SONNET + "requests-per-minute=50",
				"llm.ratelimit.models.claude-haiku-4-5.requests-per-minute=500");

	@Test
	void routingPropertiesBindToModelLimits() {
		this.contextRunner
			.withPropertyValues(SONNET + "fallbacks=claude-haiku-4-5", SONNET + "fallback-after=2s",
					SONNET + "low-priority-reserve=0.3", SONNET + "max-share-per-key=0.25")
			.run((context) -> {
				ModelLimits limits = context.getBean(LlmRateLimiter.class).limits("claude-sonnet-4-5").orElseThrow();
				assertThat(limits.fallbacks()).containsExactly("claude-haiku-4-5");
				assertThat(limits.fallbackAfter()).isEqualTo(Duration.ofSeconds(2));
				assertThat(limits.lowPriorityReserve()).isEqualTo(0.3);
				assertThat(limits.maxSharePerKey()).isEqualTo(0.25);
			});
	}

	@Test
	void routingDefaultsToNoFallbackAFifthReservedAndNoShareCap() {
		this.contextRunner.run((context) -> {
			ModelLimits limits = context.getBean(LlmRateLimiter.class).limits("claude-sonnet-4-5").orElseThrow();
			assertThat(limits.fallbacks()).isEmpty();
			assertThat(limits.fallbackAfter()).isZero();
			assertThat(limits.lowPriorityReserve()).isEqualTo(0.2);
			assertThat(limits.maxSharePerKey()).isEqualTo(1.0);
		});
	}

	@Test
	void fallbackNamingTheModelItselfFailsStartupNamingTheProperty() {
		assertFailure(SONNET + "fallbacks=claude-haiku-4-5,claude-sonnet-4-5",
				"llm.ratelimit.models[claude-sonnet-4-5].fallbacks[1] must not name the model itself, "
						+ "'claude-sonnet-4-5'");
	}

	@Test
	void negativeFallbackAfterFailsStartupNamingTheProperty() {
		assertFailure(SONNET + "fallback-after=-1s",
				"llm.ratelimit.models[claude-sonnet-4-5].fallback-after must not be negative, was PT-1S");
	}

	@Test
	void lowPriorityReserveOfOneFailsStartupNamingTheProperty() {
		assertFailure(SONNET + "low-priority-reserve=1",
				"llm.ratelimit.models[claude-sonnet-4-5].low-priority-reserve must be at least 0 and below 1, was 1.0");
	}

	@Test
	void zeroMaxSharePerKeyFailsStartupNamingTheProperty() {
		assertFailure(SONNET + "max-share-per-key=0",
				"llm.ratelimit.models[claude-sonnet-4-5].max-share-per-key must be above 0 and at most 1, was 0.0");
	}

	@Test
	void unconfiguredFallbackFailsStartupWhenUnconfiguredModelsAreNotAllowed() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.allow-unconfigured-models=false", SONNET + "fallbacks=gpt-4o")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage("llm.ratelimit.models[claude-sonnet-4-5].fallbacks[0] 'gpt-4o' is not a configured model"));
	}

	private void assertFailure(String property, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage(message));
	}

}
