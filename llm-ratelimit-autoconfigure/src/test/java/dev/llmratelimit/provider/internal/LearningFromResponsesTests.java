package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for what a {@link BudgetLimiter} learns from real providers' responses: remaining
 * budget, limits, refusals, and the ratio of reported to estimated input tokens.
 */
class LearningFromResponsesTests {

	private static final String OPENAI_TPM_REFUSAL = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini "
			+ "in organization org-XXXX on tokens per min (TPM): Limit 200000, Used 170633, Requested 180002. "
			+ "Please try again in 45.19s.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

	private final ManualTimeSource time = new ManualTimeSource();

	private final DialectRegistry dialects = new DialectRegistry(List.of(new AnthropicDialect(), new OpenAiDialect(),
			new AzureOpenAiDialect(), new GroqDialect(), new GeminiDialect(), new IetfDialect()));

	@Test
	void availableBudgetDropsToWhatTheProviderReports() {
		BudgetLimiter limiter = limiter().model(claude().limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000).build()).build();
		limiter.observe("claude", anthropic(30_000, 21_000));
		assertThat(meter(limiter, "claude", Meter.INPUT_TOKENS_PER_MINUTE).available()).isEqualTo(21_000);
	}

	@Test
	void availableBudgetSubtractsWhatWasAdmittedSinceTheProviderProducedItsFigure() {
		BudgetLimiter limiter = limiter().model(claude().limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000).build()).build();
		limiter.reserve("claude", 2_000, 100, Duration.ZERO);
		limiter.observe("claude", anthropic(30_000, 21_000));
		assertThat(meter(limiter, "claude", Meter.INPUT_TOKENS_PER_MINUTE).available()).isEqualTo(19_000);
	}

	@Test
	void reportedLimitCorrectsAConfiguredOneAndSaysItCameFromHeaders() {
		BudgetLimiter limiter = limiter().model(claude().limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000).build()).build();
		limiter.observe("claude", anthropic(40_000, 40_000));
		assertThat(meter(limiter, "claude", Meter.INPUT_TOKENS_PER_MINUTE))
			.isEqualTo(new MeterHeadroom(40_000, 40_000, LimitSource.HEADERS));
	}

	@Test
	void modelWithoutAnyConfigurationGetsEveryMeterFromTheFirstResponse() {
		BudgetLimiter limiter = limiter().model(ModelLimits.unconfigured("claude-haiku")).build();
		limiter.observe("claude-haiku", anthropic(30_000, 30_000));
		Headroom headroom = limiter.headroom("claude-haiku").orElseThrow();
		assertThat(headroom.provider()).isEqualTo("anthropic");
		assertThat(headroom.meters()).containsOnlyKeys(Meter.REQUESTS_PER_MINUTE, Meter.INPUT_TOKENS_PER_MINUTE,
				Meter.OUTPUT_TOKENS_PER_MINUTE);
		assertThat(headroom.meters().values()).allMatch((meter) -> meter.source() == LimitSource.HEADERS);
		limiter.reserve("claude-haiku", 1_000, 5_000, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("claude-haiku", 1_000, 5_000, Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.meter()).isEqualTo(Meter.OUTPUT_TOKENS_PER_MINUTE));
	}

	@Test
	void rateLimitRefusalEmptiesTheMeterItNamesAndClosesTheModelUntilRetryAfter() {
		BudgetLimiter limiter = limiter()
			.model(ModelLimits.builder("gpt-4o-mini").provider("openai").limit(Meter.TOKENS_PER_MINUTE, 200_000).build())
			.build();
		limiter.observe("gpt-4o-mini",
				Responses.of(429, OPENAI_TPM_REFUSAL, "retry-after", "46", "retry-after-ms", "45190"));
		assertThat(meter(limiter, "gpt-4o-mini", Meter.TOKENS_PER_MINUTE).available()).isLessThanOrEqualTo(0);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("gpt-4o-mini", 10, 10, Duration.ofSeconds(45)))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isGreaterThanOrEqualTo(Duration.ofMillis(45_190)));
		this.time.advance(Duration.ofMillis(45_190));
		assertThat(limiter.tryReserve("gpt-4o-mini", 10, 10)).isPresent();
	}

	@Test
	void errorReportedByAnHttpHookAndThenThrownIsCountedOnce() {
		ProviderResponse refusal = Responses.of(429,
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}",
				"retry-after", "12");
		AtomicInteger observed = new AtomicInteger();
		BudgetLimiter limiter = limiter().failureResponses((failure) -> Optional.of(refusal))
			.listener(new LimiterListener() {
				@Override
				public void observed(String model, ProviderSnapshot snapshot) {
					observed.incrementAndGet();
				}
			})
			.model(claude().limit(Meter.REQUESTS_PER_MINUTE, 50).build())
			.build();
		Reservation reservation = limiter.reserve("claude", 100, 100, Duration.ZERO);
		reservation.observe(refusal);
		reservation.fail(new IllegalStateException("429 Too Many Requests"));
		assertThat(observed).hasValue(1);
		assertThat(reservation.isThrottled()).isTrue();
	}

	@Test
	void failureCarryingNoRateLimitIsNotThrottled() {
		BudgetLimiter limiter = limiter().model(claude().limit(Meter.REQUESTS_PER_MINUTE, 50).build()).build();
		Reservation reservation = limiter.reserve("claude", 100, 100, Duration.ZERO);
		reservation.fail(new IllegalStateException("boom"));
		assertThat(reservation.isThrottled()).isFalse();
	}

	@Test
	void inputEstimatesAreScaledByTheRatioLearnedFromReportedUsage() {
		BudgetLimiter limiter = limiter().model(claude().limit(Meter.INPUT_TOKENS_PER_MINUTE, 1_000_000).build())
			.build();
		for (int i = 0; i < 20; i++) {
			limiter.reserve("claude", 1_000, 100, Duration.ZERO).complete(LlmUsage.of(1_143, 10));
		}
		assertThat(limiter.headroom("claude").orElseThrow().inputEstimateRatio()).isCloseTo(1.143, within(1e-6));
		assertThat(limiter.reserve("claude", 1_000, 100, Duration.ZERO).inputTokens()).isEqualTo(1_143);
	}

	@Test
	void calibrationCountsInputAsTheAccountingRuleDoes() {
		BudgetLimiter limiter = limiter().model(claude().build()).build();
		limiter.reserve("claude", 1_000, 100, Duration.ZERO).complete(new LlmUsage(200, 10, 5_000, 1_000));
		assertThat(limiter.headroom("claude").orElseThrow().inputEstimateRatio()).isCloseTo(1.2, within(1e-6));
	}

	@Test
	void usageEchoingTheReservedInputTeachesNothing() {
		BudgetLimiter limiter = limiter().model(claude().build()).build();
		limiter.reserve("claude", 1_000, 100, Duration.ZERO).complete(LlmUsage.of(1_000, 10));
		assertThat(limiter.headroom("claude").orElseThrow().inputEstimateRatio()).isEqualTo(1.0);
	}

	@Test
	void calibrationSwitchedOffKeepsEstimatesAsTheyAre() {
		BudgetLimiter limiter = limiter().calibrateInputEstimates(false).model(claude().build()).build();
		limiter.reserve("claude", 1_000, 100, Duration.ZERO).complete(LlmUsage.of(2_000, 10));
		assertThat(limiter.headroom("claude").orElseThrow().inputEstimateRatio()).isEqualTo(1.0);
		assertThat(limiter.reserve("claude", 1_000, 100, Duration.ZERO).inputTokens()).isEqualTo(1_000);
	}

	private BudgetLimiter.Builder limiter() {
		return BudgetLimiter.builder().timeSource(this.time).dialects(this.dialects);
	}

	private static ModelLimits.Builder claude() {
		return ModelLimits.builder("claude").provider("anthropic");
	}

	private static MeterHeadroom meter(BudgetLimiter limiter, String model, Meter meter) {
		return limiter.headroom(model).orElseThrow().meters().get(meter);
	}

	private static ProviderResponse anthropic(long inputLimit, long inputRemaining) {
		return Responses.ok("anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "49",
				"anthropic-ratelimit-requests-reset", "2026-02-25T20:02:32Z", "anthropic-ratelimit-input-tokens-limit",
				Long.toString(inputLimit), "anthropic-ratelimit-input-tokens-remaining", Long.toString(inputRemaining),
				"anthropic-ratelimit-input-tokens-reset", "2026-02-25T20:02:37Z",
				"anthropic-ratelimit-output-tokens-limit", "8000", "anthropic-ratelimit-output-tokens-remaining", "8000",
				"anthropic-ratelimit-output-tokens-reset", "2026-02-25T20:02:36Z", "anthropic-ratelimit-tokens-limit",
				"38000", "anthropic-ratelimit-tokens-remaining", "36000", "anthropic-ratelimit-tokens-reset",
				"2026-02-25T20:02:36Z");
	}

}
