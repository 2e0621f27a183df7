package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DialectsInLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final DialectRegistry dialects = new DialectRegistry(List.of(new AnthropicDialect(), new OpenAiDialect(),
			new AzureOpenAiDialect(), new GroqDialect(), new GeminiDialect(), new IetfDialect()));

	@Test
	void anUnconfiguredModelLearnsItsProviderAndLimitsFromTheFirstResponse() {
		BudgetLimiter limiter = limiter().model(ModelLimits.unconfigured("gpt-4o")).build();
		limiter.observe("gpt-4o", Responses.ok("x-ratelimit-limit-requests", "60", "x-ratelimit-limit-tokens", "150000",
				"x-ratelimit-remaining-requests", "59", "x-ratelimit-remaining-tokens", "149984",
				"x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"));
		assertThat(limiter.provider("gpt-4o")).contains("openai");
		assertThat(limiter.limits("gpt-4o")).hasValueSatisfying((limits) -> {
			assertThat(limits.limit(Meter.REQUESTS_PER_MINUTE)).hasValue(60);
			assertThat(limits.limit(Meter.TOKENS_PER_MINUTE)).hasValue(150000);
		});
	}

	@Test
	void anAnthropicRateLimitClosesTheModelUntilItsRetryAfter() {
		BudgetLimiter limiter = limiter().model(ModelLimits.builder("claude").provider("anthropic")
			.limit(Meter.REQUESTS_PER_MINUTE, 50)
			.build()).build();
		limiter.observe("claude", Responses.of(429,
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}",
				"retry-after", "12"));
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("claude", 100, 100, Duration.ZERO));
		this.time.advance(Duration.ofSeconds(12));
		assertThat(limiter.reserve("claude", 100, 100, Duration.ZERO).isSettled()).isFalse();
	}

	@Test
	void anAzureCallKeepsItsWholeReservationAfterAShortAnswer() {
		BudgetLimiter limiter = limiter().model(ModelLimits.builder("gpt-4o").provider("azure-openai")
			.limit(Meter.TOKENS_PER_MINUTE, 10_000)
			.build()).build();
		limiter.reserve("gpt-4o", 1000, 500, Duration.ZERO).complete(LlmUsage.of(800, 20));
		assertThat(limiter.headroom("gpt-4o")).hasValueSatisfying((headroom) -> assertThat(
				headroom.meters().get(Meter.TOKENS_PER_MINUTE).available()).isEqualTo(8500));
	}

	private BudgetLimiter.Builder limiter() {
		return BudgetLimiter.builder().timeSource(this.time).dialects(this.dialects);
	}

}
