package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
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

class AzureOpenAiDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	private final AzureOpenAiDialect dialect = new AzureOpenAiDialect();

	@Test
	void readsTheDocumentedHeadersWithBareNumberResets() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-limit-requests", "600",
				"x-ratelimit-remaining-requests", "599", "x-ratelimit-reset-requests", "10", "x-ratelimit-limit-tokens",
				"60000", "x-ratelimit-remaining-tokens", "59000", "x-ratelimit-reset-tokens", "300"), NOW);
		assertThat(snapshot.readings())
			.containsEntry(Meter.REQUESTS_PER_MINUTE, new MeterReading(600L, 599.0, Duration.ofSeconds(10)))
			.containsEntry(Meter.TOKENS_PER_MINUTE, new MeterReading(60000L, 59000.0, Duration.ofMinutes(1)));
	}

	@ParameterizedTest
	@CsvSource({ "10, PT10S", "0.5, PT0.5S", "300, PT1M", "6m0s, PT1M", "12ms, PT0.012S" })
	void readsResetsAsSecondsCappedAtTheWindow(String reset, Duration expected) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-reset-tokens", reset), NOW);
		assertThat(snapshot.readings().get(Meter.TOKENS_PER_MINUTE).resetAfter()).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-10", "soon", "1e3", "10 s", "99999999999999999999999", "86401" })
	void ignoresMalformedOrHugeResets(String reset) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("x-ratelimit-reset-tokens", reset), NOW);
		assertThat(snapshot.readings()).isEmpty();
	}

	@Test
	void readsRetryAfterMsOnA429() {
		String body = "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded token rate limit of your current OpenAI S0 pricing tier.\"}}";
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, body, "retry-after-ms", "2000",
				"retry-after", "2", "x-ms-region", "East US"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(2));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
	}

	@Test
	void chargesInputPlusMaxTokensAtAdmission() {
		Cost reserved = rule().admissionCost(1000, 500);
		assertThat(reserved.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
		assertThat(reserved.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(reserved.amount(Meter.CONCURRENT_REQUESTS)).isEqualTo(1);
	}

	@Test
	void givesNothingButTheConcurrencySlotBackForAShortAnswer() {
		AccountingRule rule = rule();
		Cost used = rule.usageCost(rule.admissionCost(1000, 500), LlmUsage.of(800, 20));
		assertThat(used.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
		assertThat(used.amount(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
		assertThat(used.amount(Meter.CONCURRENT_REQUESTS)).isZero();
	}

	@Test
	void givesNothingButTheConcurrencySlotBackForAFailedCall() {
		AccountingRule rule = rule();
		Cost failed = rule.failureCost(rule.admissionCost(1000, 500));
		assertThat(failed.amount(Meter.TOKENS_PER_MINUTE)).isEqualTo(1500);
		assertThat(failed.amount(Meter.CONCURRENT_REQUESTS)).isZero();
	}

	@Test
	void chargesNothingForACallRefusedWithARateLimit() {
		AccountingRule rule = rule();
		assertThat(rule.throttledCost(rule.admissionCost(1000, 500))).isEqualTo(Cost.ZERO);
	}

	@Test
	void returnsBudgetOneWindowAfterAdmission() {
		assertThat(this.dialect.defaultRefill()).isEqualTo(ModelLimits.Refill.SLIDING_WINDOW);
	}

	@ParameterizedTest
	@ValueSource(strings = { "x-ms-region", "apim-request-id", "azureml-model-session", "x-ms-client-request-id" })
	void recognizesOpenAiStyleHeadersThatCameThroughAzure(String azureHeader) {
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-remaining-tokens", "59000", azureHeader, "x")))
			.isTrue();
	}

	@Test
	void doesNotRecognizePlainOpenAiOrAzureResponsesWithoutRateLimitHeaders() {
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-remaining-tokens", "59000"))).isFalse();
		assertThat(this.dialect.recognizes(Responses.ok("x-ms-region", "East US"))).isFalse();
	}

	private AccountingRule rule() {
		return this.dialect.accountingRule(ModelLimits.builder("gpt-4o").build());
	}

}
