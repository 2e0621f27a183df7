package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

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

class IetfDialectTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	private static final String POLICY = "\"burst\";q=100;w=60,\"daily\";q=1000;w=86400";

	private final IetfDialect dialect = new IetfDialect();

	@Test
	void readsTheDocumentedPoliciesAsPerMinuteAndPerDayLimits() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.ok("RateLimit-Policy", POLICY, "RateLimit", "\"default\";r=50;t=30"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.OK);
		assertThat(snapshot.readings()).containsOnlyKeys(Meter.REQUESTS_PER_MINUTE, Meter.REQUESTS_PER_DAY)
			.containsEntry(Meter.REQUESTS_PER_MINUTE, new MeterReading(100L, null, null))
			.containsEntry(Meter.REQUESTS_PER_DAY, new MeterReading(1000L, null, null));
	}

	@Test
	void readsTheStateOfTheNamedPolicy() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.ok("RateLimit-Policy", POLICY, "RateLimit", "\"burst\";r=50;t=30,\"daily\";r=900;t=3600"),
				NOW);
		assertThat(snapshot.readings())
			.containsEntry(Meter.REQUESTS_PER_MINUTE, new MeterReading(100L, 50.0, Duration.ofSeconds(30)))
			.containsEntry(Meter.REQUESTS_PER_DAY, new MeterReading(1000L, 900.0, Duration.ofHours(1)));
	}

	@Test
	void matchesStateToTheOnlyPolicyWhenNamesDiffer() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.ok("RateLimit-Policy", "\"burst\";q=100;w=60", "RateLimit", "\"default\";r=50;t=30"), NOW);
		assertThat(snapshot.readings()).containsEntry(Meter.REQUESTS_PER_MINUTE,
				new MeterReading(100L, 50.0, Duration.ofSeconds(30)));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "\"t\";q=5000;w=60;qu=\"tokens\"|TOKENS_PER_MINUTE",
			"\"t\";q=5000;w=86400;qu=\"tokens\"|TOKENS_PER_DAY", "\"r\";q=5000;w=60;qu=\"requests\"|REQUESTS_PER_MINUTE" })
	void readsTheQuotaUnit(String policy, Meter expected) {
		assertThat(this.dialect.interpret(Responses.ok("RateLimit-Policy", policy), NOW).readings())
			.containsOnlyKeys(expected);
	}

	@Test
	void keepsTheSmallerQuotaWhenTwoPoliciesShareAMeter() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.ok("RateLimit-Policy", "\"a\";q=100;w=60,\"b\";q=80;w=60,\"c\";q=90;w=60"), NOW);
		assertThat(snapshot.readings().get(Meter.REQUESTS_PER_MINUTE).limit()).isEqualTo(80);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"p\";q=100;w=3600", "\"p\";q=100;w=60;qu=\"content-bytes\"", "\"p\";q=-1;w=60",
			"\"p\";q=abc;w=60", "\"p\";q=100;w=abc", "\"p\";q=100", "\"p\";q=99999999999999999999;w=60", "garbage\"",
			"" })
	void ignoresPoliciesItCannotMapToAMeter(String policy) {
		assertThat(this.dialect.interpret(Responses.ok("RateLimit-Policy", policy), NOW).readings()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "\"burst\";r=-5;t=30|PT30S", "\"burst\";r=abc;t=-1|", "\"burst\";t=99999999999|" })
	void ignoresMalformedStateValues(String state, Duration expectedReset) {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.ok("RateLimit-Policy", POLICY, "RateLimit", state),
				NOW);
		assertThat(snapshot.readings().get(Meter.REQUESTS_PER_MINUTE))
			.isEqualTo(new MeterReading(100L, null, expectedReset));
	}

	@Test
	void readsA429WithAnExhaustedPolicyAsRateLimitedUntilItsReset() {
		ProviderSnapshot snapshot = this.dialect.interpret(
				Responses.of(429, null, "RateLimit-Policy", POLICY, "RateLimit", "\"burst\";r=0;t=12"), NOW);
		assertThat(snapshot.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(12));
		assertThat(snapshot.throttledMeter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
	}

	@Test
	void prefersRetryAfterOnA429() {
		ProviderSnapshot snapshot = this.dialect.interpret(Responses.of(429, null, "RateLimit-Policy", POLICY,
				"RateLimit", "\"burst\";r=0;t=12", "retry-after", "20"), NOW);
		assertThat(snapshot.retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void recognizesTheIetfHeadersButNotOpenAiStyleOnes() {
		assertThat(this.dialect.recognizes(Responses.ok("RateLimit", "\"default\";r=50;t=30"))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("RateLimit-Policy", POLICY))).isTrue();
		assertThat(this.dialect.recognizes(Responses.ok("x-ratelimit-limit-requests", "60"))).isFalse();
	}

	@Test
	void chargesOneRequestPerCall() {
		assertThat(this.dialect.accountingRule(ModelLimits.builder("any").build())
			.admissionCost(1000, 500)
			.amount(Meter.REQUESTS_PER_DAY)).isEqualTo(1);
	}

}
