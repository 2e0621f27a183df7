package dev.llmratelimit.actuate.internal;

import java.time.Duration;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.RateLimitAdvice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LlmRateLimitAdvisorTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final ManualTimeSource time = new ManualTimeSource();

	private final CallStatistics statistics = new CallStatistics(this.time);

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.listener(this.statistics)
		.model(ModelLimits.builder(MODEL)
			.limit(Meter.REQUESTS_PER_MINUTE, 60)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
			.limit(Meter.CONCURRENT_REQUESTS, 5)
			.alias("sonnet")
			.build())
		.build();

	private final LlmRateLimitAdvisor advisor = new LlmRateLimitAdvisor(this.limiter, this.statistics);

	@Test
	void inputTokensBindWhenEachCallReadsMoreThanTheInputLimitSustains() {
		runKnownWorkload();

		RateLimitAdvice advice = this.advisor.advice(MODEL).orElseThrow();

		assertThat(advice.observedCalls()).isEqualTo(100);
		assertThat(advice.meanInputTokens()).isEqualTo(1000);
		assertThat(advice.meanOutputTokens()).isEqualTo(204);
		assertThat(advice.requestsPerMinuteByMeter()).containsEntry("requests-per-minute", 60.0)
			.containsEntry("input-tokens-per-minute", 30.0);
		assertThat(advice.requestsPerMinuteByMeter().get("output-tokens-per-minute")).isCloseTo(39.2, within(0.1));
		assertThat(advice.bindingMeter()).isEqualTo("input-tokens-per-minute");
		assertThat(advice.sustainableRequestsPerMinute()).isEqualTo(30.0);
	}

	@Test
	void recommendedConcurrencyIsTheSustainableRateTimesTheObservedLatency() {
		runKnownWorkload();

		RateLimitAdvice advice = this.advisor.advice(MODEL).orElseThrow();

		assertThat(advice.meanLatencyMillis()).isEqualTo(3000);
		assertThat(advice.recommendedConcurrency()).isEqualTo(2);
	}

	@Test
	void maxTokensAuditSuggestsTheNinetyNinthPercentilePlusMarginAndTheTokensItFrees() {
		runKnownWorkload();

		RateLimitAdvice.MaxTokensAudit audit = this.advisor.advice(MODEL).orElseThrow().maxTokensAudit();

		assertThat(audit.calls()).isEqualTo(100);
		assertThat(audit.reservedMaxTokens()).isEqualTo(1000);
		assertThat(audit.meanOutputTokens()).isEqualTo(204);
		assertThat(audit.p95OutputTokens()).isEqualTo(200);
		assertThat(audit.p99OutputTokens()).isEqualTo(400);
		assertThat(audit.maxOutputTokens()).isEqualTo(400);
		assertThat(audit.suggestedMaxTokens()).isEqualTo(500);
		assertThat(audit.freedTokensPerCall()).isEqualTo(500);
	}

	@Test
	void cacheSavingsCountCacheReadsThatDidNotCountAsInput() {
		Reservation reservation = this.limiter.reserve(MODEL, 1000, 100, Duration.ZERO);
		reservation.complete(new LlmUsage(200, 50, 600, 200));

		RateLimitAdvice.CacheSavings savings = this.advisor.advice(MODEL).orElseThrow().cacheSavings();

		assertThat(savings.inputTokens()).isEqualTo(1000);
		assertThat(savings.cacheReadInputTokens()).isEqualTo(600);
		assertThat(savings.uncountedInputTokens()).isEqualTo(600);
		assertThat(savings.uncountedFraction()).isEqualTo(0.6);
	}

	@Test
	void callSitesGetTheirOwnMaxTokensAudit() {
		this.statistics.recordCallSite(MODEL, "ChatService.ask", 4000, 150);
		this.statistics.recordCallSite(MODEL, "ChatService.ask", 4000, 170);
		this.limiter.reserve(MODEL, 10, 4000, Duration.ZERO).complete(LlmUsage.of(10, 150));

		RateLimitAdvice advice = this.advisor.advice(MODEL).orElseThrow();

		assertThat(advice.callSites()).containsOnlyKeys("ChatService.ask");
		assertThat(advice.callSites().get("ChatService.ask").suggestedMaxTokens()).isEqualTo(213);
		assertThat(advice.callSites().get("ChatService.ask").freedTokensPerCall()).isEqualTo(3787);
	}

	@Test
	void adviceIsFoundByAlias() {
		runKnownWorkload();

		assertThat(this.advisor.advice("sonnet")).hasValueSatisfying(
				(advice) -> assertThat(advice.bindingMeter()).isEqualTo("input-tokens-per-minute"));
	}

	@Test
	void modelWithoutCallsGetsAdviceWithNothingObserved() {
		RateLimitAdvice advice = this.advisor.advice(MODEL).orElseThrow();

		assertThat(advice.observedCalls()).isZero();
		assertThat(advice.bindingMeter()).isNull();
		assertThat(advice.maxTokensAudit()).isNull();
		assertThat(advice.recommendedConcurrency()).isEqualTo(5);
	}

	@Test
	void unknownModelGetsNoAdvice() {
		assertThat(this.advisor.advice("unknown")).isEmpty();
	}

	@Test
	void everyModelWithABudgetIsAdvised() {
		assertThat(this.advisor.advice()).containsOnlyKeys(MODEL);
	}

	/**
	 * 100 calls, one after the other, each reading 1,000 input tokens, reserving 1,000
	 * output tokens and taking 3 s; 98 produce 200 output tokens, 2 produce 400.
	 */
	private void runKnownWorkload() {
		for (int i = 0; i < 100; i++) {
			Reservation reservation = this.limiter.reserve(MODEL, 1000, 1000, Duration.ZERO);
			this.time.advance(Duration.ofSeconds(3));
			reservation.complete(LlmUsage.of(1000, (i % 50 == 49) ? 400 : 200));
		}
	}

}
