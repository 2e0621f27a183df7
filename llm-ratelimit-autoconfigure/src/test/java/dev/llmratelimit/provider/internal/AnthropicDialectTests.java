package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelLimits.OutputReservation;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	private static final String RATE_LIMIT_BODY = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
			+ "\"message\":\"This request would exceed the rate limit for your organization of 30,000 input tokens per minute.\"},"
			+ "\"request_id\":\"req_011\"}";

	private final AnthropicDialect dialect = new AnthropicDialect();

	@Test
	void readsTheRequestsInputAndOutputFamiliesOfProvidersMdWithTokenFiguresRoundedToThousands() {
		ProviderSnapshot snapshot = this.dialect.interpret(documentedHeaders(200, null), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.OK);
		assertThat(snapshot.readings()).containsEntry(Meter.REQUESTS_PER_MINUTE,
				new MeterReading(50L, 49.0, Duration.ofSeconds(32)));
		assertThat(snapshot.readings()).containsEntry(Meter.INPUT_TOKENS_PER_MINUTE,
				new MeterReading(30000L, 28000.0, Duration.ofSeconds(37), 1000));
		assertThat(snapshot.readings()).containsEntry(Meter.OUTPUT_TOKENS_PER_MINUTE,
				new MeterReading(8000L, 8000.0, Duration.ofSeconds(36), 1000));
	}

	@Test
	void leavesTheCombinedTokensFamilyOutToAvoidDoubleLimiting() {
		ProviderSnapshot snapshot = this.dialect.interpret(documentedHeaders(200, null), NOW);
		assertThat(snapshot.readings()).doesNotContainKey(Meter.TOKENS_PER_MINUTE).hasSize(3);
	}

	@Test
	void readsNothingFromTheCombinedTokensFamilyAlone() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("anthropic-ratelimit-tokens-limit", "38000",
				"anthropic-ratelimit-tokens-remaining", "36000"), NOW);
		assertThat(snapshot.readings()).isEmpty();
	}

	@Test
	void readsARateLimitErrorWithItsRetryAfterAndTheMeterItNames() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.of(429, RATE_LIMIT_BODY, "retry-after", "12", "x-should-retry", "true"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(12));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.INPUT_TOKENS_PER_MINUTE);
	}

	@Test
	void namesTheMeterTheHeadersShowEmptyWhenTheMessageNamesNone() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429,
				"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}",
				"anthropic-ratelimit-output-tokens-limit", "8000", "anthropic-ratelimit-output-tokens-remaining", "0",
				"anthropic-ratelimit-requests-remaining", "10"), NOW);
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.OUTPUT_TOKENS_PER_MINUTE);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}",
			"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit\"},\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}" })
	void readsAReachedSpendLimitAsQuotaExhaustedWithoutWait(String body) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.QUOTA_EXHAUSTED);
		assertThat(snapshot.retryAfter()).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"529|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED",
			"500|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED",
			"500|{\"type\":\"error\",\"error\":{\"type\":\"api_error\"}}|OTHER_ERROR",
			"400|not json|OTHER_ERROR", "200||OK" })
	void classifiesOtherStatuses(int status, String body, ResponseKind expected) {
		assertThat(this.dialect.interpret(Responses.of(status, body), NOW).kind()).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "abc, -1, garbage", "-5, 1e3, 2026-02-25T20:02:32", "99999999999999999999, NaN, 9999-99-99T99:99:99Z",
			"0, ' ', 2099-01-01T00:00:00Z" })
	void ignoresMalformedHeaderValues(String limit, String remaining, String reset) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("anthropic-ratelimit-requests-limit", limit,
				"anthropic-ratelimit-requests-remaining", remaining, "anthropic-ratelimit-requests-reset", reset), NOW);
		assertThat(snapshot.readings()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "[[[[", "{\"error\":42}", "{\"type\":\"error\",\"error\":{\"type\":null}}" })
	void readsA429WithAHostileBodyAsRateLimited(String body) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body, "retry-after", "-3"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isNull();
	}

	@Test
	void recognizesAnthropicHeaders() {
		assertThat(this.dialect.recognizes(documentedHeaders(200, null))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60"))).isFalse();
	}

	@Test
	void chargesInputOutputAndRequestAtAdmissionByDefault() {
		Cost cost = rule(ModelLimits.builder("claude").build()).admissionCost(1000, 500);
		assertThat(cost.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(cost.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(1000);
		assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(500);
		assertThat(cost.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
	}

	@Test
	void countsCacheCreationButNotCacheReadsAsInputByDefault() {
		AccountingRule rule = rule(ModelLimits.builder("claude").build());
		Cost cost = rule.usageCost(rule.admissionCost(1000, 500), new LlmUsage(800, 200, 5000, 100));
		assertThat(cost.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(900);
		assertThat(cost.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(200);
	}

	@Test
	void countsCacheReadsAsInputWhenTheModelSaysSo() {
		AccountingRule rule = rule(ModelLimits.builder("claude-3-haiku").cacheReadsCountAsInput(true).build());
		Cost cost = rule.usageCost(rule.admissionCost(1000, 500), new LlmUsage(800, 200, 5000, 100));
		assertThat(cost.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(5900);
	}

	@Test
	void reservesMaxTokensUntilExpectedOutputIsLearned() {
		AccountingRule rule = rule(
				ModelLimits.builder("claude").outputReservation(OutputReservation.EXPECTED).build());
		assertThat(rule.admissionCost(1000, 1024).amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(1024);
	}

	@Test
	void reservesTheLearnedOutputAndCountsTheActualOne() {
		AccountingRule rule = rule(
				ModelLimits.builder("claude").outputReservation(OutputReservation.EXPECTED).build());
		for (int i = 0; i < ExpectedOutputEstimator.WARM_UP_OBSERVATIONS; i++) {
			Cost counted = rule.usageCost(rule.admissionCost(1000, 1024), LlmUsage.of(1000, 200));
			assertThat(counted.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(200);
		}
		Cost reserved = rule.admissionCost(1000, 1024);
		assertThat(reserved.amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(200);
		assertThat(reserved.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1200);
	}

	@Test
	void learnsExpectedOutputPerModel() {
		ModelLimits limits = ModelLimits.builder("claude").outputReservation(OutputReservation.EXPECTED).build();
		AccountingRule learning = rule(limits);
		for (int i = 0; i < ExpectedOutputEstimator.WARM_UP_OBSERVATIONS; i++) {
			learning.usageCost(learning.admissionCost(10, 1024), LlmUsage.of(10, 100));
		}
		assertThat(rule(limits).admissionCost(10, 1024).amount(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(1024);
	}

	@Test
	void refillsContinuously() {
		assertThat(this.dialect.defaultRefill()).isEqualTo(ModelLimits.Refill.CONTINUOUS);
	}

	private AccountingRule rule(ModelLimits limits) {
		return this.dialect.accountingRule(limits);
	}

	private static ProviderResponse documentedHeaders(int status, String body) {
		return Responses.of(status, body, "anthropic-ratelimit-requests-limit", "50",
				"anthropic-ratelimit-requests-remaining", "49", "anthropic-ratelimit-requests-reset",
				"2026-02-25T20:02:32Z", "anthropic-ratelimit-input-tokens-limit", "30000",
				"anthropic-ratelimit-input-tokens-remaining", "28000", "anthropic-ratelimit-input-tokens-reset",
				"2026-02-25T20:02:37Z", "anthropic-ratelimit-output-tokens-limit", "8000",
				"anthropic-ratelimit-output-tokens-remaining", "8000", "anthropic-ratelimit-output-tokens-reset",
				"2026-02-25T20:02:36Z", "anthropic-ratelimit-tokens-limit", "38000",
				"anthropic-ratelimit-tokens-remaining", "36000", "anthropic-ratelimit-tokens-reset",
				"2026-02-25T20:02:36Z");
	}

}
