package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GroqDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	private final GroqDialect dialect = new GroqDialect();

	@Test
	void readsTheRecordedHeadersAsRequestsPerDayAndTokensPerMinute() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-limit-requests", "14400",
				"x-ratelimit-remaining-requests", "14370", "x-ratelimit-reset-requests", "2m59.56s",
				"x-ratelimit-limit-tokens", "18000", "x-ratelimit-remaining-tokens", "17997",
				"x-ratelimit-reset-tokens", "7.66s"), NOW);
		assertThat(snapshot.readings()).containsOnlyKeys(Meter.REQUESTS_PER_DAY, Meter.TOKENS_PER_MINUTE)
			.containsEntry(Meter.REQUESTS_PER_DAY, new MeterReading(14400L, 14370.0, Duration.ofMillis(179_560)))
			.containsEntry(Meter.TOKENS_PER_MINUTE, new MeterReading(18000L, 17997.0, Duration.ofMillis(7_660)));
	}

	@Test
	void readsTheRecordedRetryAfterOnA429() {
		String body = "{\"error\":{\"message\":\"Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_x` service tier `on_demand` on tokens per minute (TPM): Limit 18000, Used 17997, Requested 400. Please try again in 1.323s.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}";
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body, "retry-after", "2"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(2));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "requests|on requests per minute (RPM): Limit 30|REQUESTS_PER_MINUTE",
			"requests|on requests per day (RPD): Limit 14400|REQUESTS_PER_DAY", "requests|Rate limit reached|REQUESTS_PER_DAY",
			"tokens|on tokens per day (TPD): Limit 500000|TOKENS_PER_DAY", "tokens|Rate limit reached|TOKENS_PER_MINUTE" })
	void namesTheMeterOfA429(String type, String message, Meter expected) {
		String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}";
		assertThat(this.dialect.interpret(Responses.of(429, body), NOW).throttledMeter()).isEqualTo(expected);
	}

	@Test
	void leavesCachedTokensOutOfTheTokensMeter() {
		AccountingRule rule = this.dialect.accountingRule(ModelLimits.builder("llama").build());
		assertThat(rule.usageCost(rule.admissionCost(1000, 500), new LlmUsage(800, 200, 5000, 0))
			.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
	}

	@Test
	void chargesInputPlusMaxTokensAtAdmission() {
		AccountingRule rule = this.dialect.accountingRule(ModelLimits.builder("llama").build());
		assertThat(rule.admissionCost(1000, 500).amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
		assertThat(rule.admissionCost(1000, 500).amount(Meter.REQUESTS_PER_DAY)).isEqualTo(1);
	}

	@Test
	void recognizesGroqHeadersOnly() {
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "14400", "x-groq-region", "gcp")))
			.isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "14400"))).isFalse();
	}

}
