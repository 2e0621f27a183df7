package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class GeminiDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	static final String RECORDED_BODY = """
			{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED","details":[
			 {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_input_token_count","quotaId":"GenerateContentInputTokensPerModelPerMinute-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.5-flash"},"quotaValue":"250000"}]},
			 {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}
			""";

	private final GeminiDialect dialect = new GeminiDialect();

	@Test
	void readsTheRecordedResourceExhaustedBody() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, RECORDED_BODY), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(26));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.INPUT_TOKENS_PER_MINUTE);
		assertThat(snapshot.readings()).containsOnly(
				entry(Meter.INPUT_TOKENS_PER_MINUTE, new MeterReading(250000L, 0.0, null)));
	}

	@ParameterizedTest
	@CsvSource({ "1.5s, PT1.5S", "0.500s, PT0.5S", "26s, PT26S" })
	void readsFractionalRetryDelays(String delay, Duration expected) {
		assertThat(this.dialect.interpret(Responses.of(429, RECORDED_BODY.replace("26s", delay)), NOW).retryAfter())
			.isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "GenerateRequestsPerDayPerProjectPerModel-FreeTier, REQUESTS_PER_DAY",
			"GenerateRequestsPerMinutePerProjectPerModel-FreeTier, REQUESTS_PER_MINUTE",
			"GenerateContentPaidTierInputTokensPerModelPerMinute, INPUT_TOKENS_PER_MINUTE" })
	void namesTheMeterOfTheViolatedQuota(String quotaId, Meter expected) {
		String body = RECORDED_BODY.replace("GenerateContentInputTokensPerModelPerMinute-FreeTier", quotaId);
		assertThat(this.dialect.interpret(Responses.of(429, body), NOW).throttledMeter()).isEqualTo(expected);
	}

	@Test
	void fallsBackToRetryAfterWithoutRetryInfo() {
		String body = "{\"error\":{\"code\":429,\"message\":\"Resource exhausted.\",\"status\":\"RESOURCE_EXHAUSTED\"}}";
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body, "retry-after", "5"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(snapshot.readings()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "-1s", "99999999999s", "" })
	void ignoresMalformedRetryDelays(String delay) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, RECORDED_BODY.replace("26s", delay)), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Too Many Requests", "{\"error\":{\"details\":42}}",
			"{\"error\":{\"details\":[42,null,{\"@type\":7}]}}",
			"{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"GenerateRequestsPerMinute\",\"quotaValue\":\"-1\"}]}]}}" })
	void readsA429WithAHostileBodyAsRateLimited(String body) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isNull();
		assertThat(snapshot.readings().values()).allSatisfy((reading) -> assertThat(reading.limit()).isNull());
	}

	@Test
	void learnsNothingFromASuccess() {
		assertThat(this.dialect.interpret(Responses.ok("content-type", "application/json"), NOW))
			.isEqualTo(new ProviderSnapshot(ResponseKind.OK, Map.of(), null, null));
	}

	@Test
	void recognizesGoogleErrorBodiesAndHeaders() {
		assertThat(this.dialect.recognizes(Responses.of(429, RECORDED_BODY))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-goog-request-id", "1"))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60"))).isFalse();
		assertThat(this.dialect.recognizes(Responses.ok("content-type", "application/json"))).isFalse();
	}

	@Test
	void chargesInputPlusMaxTokens() {
		assertThat(this.dialect.accountingRule(ModelLimits.builder("gemini-2.5-flash").build())
			.admissionCost(1000, 500)
			.amount(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(1000);
	}

}
