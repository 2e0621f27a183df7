package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelLimits.InputOutputCost;
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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OpenAiDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	static final String RECORDED_TPM_BODY = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-XXXX on tokens per min (TPM): Limit 200000, Used 170633, Requested 180002. Please try again in 45.19s. Visit https://platform.openai.com/account/rate-limits to learn more.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

	private final OpenAiDialect dialect = new OpenAiDialect();

	@Test
	void readsTheDocumentedHeaders() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-limit-requests", "60",
				"x-ratelimit-limit-tokens", "150000", "x-ratelimit-remaining-requests", "59",
				"x-ratelimit-remaining-tokens", "149984", "x-ratelimit-reset-requests", "1s",
				"x-ratelimit-reset-tokens", "6m0s"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.OK);
		assertThat(snapshot.readings()).containsOnlyKeys(Meter.REQUESTS_PER_MINUTE, Meter.TOKENS_PER_MINUTE)
			.containsEntry(Meter.REQUESTS_PER_MINUTE, new MeterReading(60L, 59.0, Duration.ofSeconds(1)))
			.containsEntry(Meter.TOKENS_PER_MINUTE, new MeterReading(150000L, 149984.0, Duration.ofMinutes(6)));
	}

	@ParameterizedTest
	@CsvSource({ "12ms, PT0.012S", "51.189s, PT51.189S", "2m59.56s, PT2M59.56S" })
	void readsGoDurationResets(String reset, Duration expected) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-reset-tokens", reset), NOW);
		assertThat(snapshot.readings().get(Meter.TOKENS_PER_MINUTE).resetAfter()).isEqualTo(expected);
	}

	@Test
	void readsTheRecordedTokensPerMinute429PreferringRetryAfterMs() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.of(429, RECORDED_TPM_BODY, "retry-after", "46", "retry-after-ms", "45190"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofMillis(45190));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
	}

	@Test
	void readsRetryAfterSecondsWithoutRetryAfterMs() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, RECORDED_TPM_BODY, "retry-after", "46"),
				NOW);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(46));
	}

	@Test
	void readsTheWaitFromTheMessageWithoutRetryHeaders() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, RECORDED_TPM_BODY), NOW);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofMillis(45190));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"requests|Rate limit reached for gpt-4 in organization org-X on requests per min (RPM): Limit 3, Used 3, Requested 1.|REQUESTS_PER_MINUTE",
			"requests|Rate limit reached for gpt-4 in organization org-X on requests per day (RPD): Limit 10000, Used 10000, Requested 1.|REQUESTS_PER_DAY",
			"tokens|Rate limit reached for gpt-4 in organization org-X on tokens per day (TPD): Limit 90000, Used 90000, Requested 10.|TOKENS_PER_DAY",
			"tokens|Rate limit reached.|TOKENS_PER_MINUTE", "requests|Rate limit reached.|REQUESTS_PER_MINUTE" })
	void namesTheMeterFromTheBodyType(String type, String message, Meter expected) {
		String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
				+ "\",\"code\":\"rate_limit_exceeded\"}}";
		assertThat(this.dialect.interpret(Responses.of(429, body, "retry-after", "1"), NOW).throttledMeter())
			.isEqualTo(expected);
	}

	@Test
	void readsInsufficientQuotaAsQuotaExhaustedWithoutWait() {
		String body = "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.QUOTA_EXHAUSTED);
		assertThat(snapshot.retryAfter()).isNull();
	}

	@Test
	void readsARequestTooLargeForTheBucketAsQuotaExhausted() {
		String body = "{\"error\":{\"message\":\"Request too large for gpt-4o in organization org-X on tokens per min (TPM): Limit 30000, Requested 30601. The input or output tokens must be reduced in order to run successfully.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body, "retry-after", "1"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.QUOTA_EXHAUSTED);
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
	}

	@ParameterizedTest
	@CsvSource({ "abc, -1, 10", "-60, 1e5, 1x", "99999999999999999999, NaN, 99999999999h", "0, '', -1s" })
	void ignoresMalformedHeaderValues(String limit, String remaining, String reset) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-limit-requests", limit,
				"x-ratelimit-remaining-requests", remaining, "x-ratelimit-reset-requests", reset), NOW);
		assertThat(snapshot.readings()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "<html>429</html>", "{\"error\":[]}", "{\"error\":{\"type\":{}}}",
			"{\"error\":{\"message\":\"try again in 99999999999h\"}}" })
	void readsA429WithAHostileBodyAsRateLimited(String body) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isNull();
	}

	@Test
	void readsAHostileWaitInTheMessageQuickly() {
		String body = "{\"error\":{\"message\":\"try again in " + "1".repeat(200_000) + "\"}}";
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> assertThat(this.dialect.interpret(Responses.of(429, body), NOW).retryAfter()).isNull());
	}

	@Test
	void recognizesOpenAiButNotAzureOrGroq() {
		assertThat(this.dialect.recognizes(Responses.ok("openai-organization", "org-x"))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60"))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60", "x-ms-region", "East US")))
			.isFalse();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60", "x-groq-region", "us")))
			.isFalse();
		assertThat(this.dialect.recognizes(Responses.ok("content-type", "application/json"))).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "SUM, 1000, 500, 1500", "SUM, 300, 500, 800", "MAX, 1000, 500, 1000", "MAX, 300, 500, 500" })
	void chargesTheTokensMeterAsConfigured(InputOutputCost formula, long input, long maxTokens, double expected) {
		AccountingRule rule = this.dialect.accountingRule(ModelLimits.builder("gpt-4o").inputOutputCost(formula).build());
		assertThat(rule.admissionCost(input, maxTokens).amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(expected);
	}

	@Test
	void chargesInputPlusMaxTokensByDefaultAndReconcilesToUsage() {
		AccountingRule rule = this.dialect.accountingRule(ModelLimits.builder("gpt-4o").build());
		Cost reserved = rule.admissionCost(1000, 500);
		assertThat(reserved.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
		assertThat(reserved.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(rule.usageCost(reserved, LlmUsage.of(900, 120)).amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1020);
	}

	@Test
	void keepsRequestAndInputOfAFailedCall() {
		AccountingRule rule = this.dialect.accountingRule(ModelLimits.builder("gpt-4o").build());
		Cost failed = rule.failureCost(rule.admissionCost(1000, 500));
		assertThat(failed.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(failed.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
	}

}
