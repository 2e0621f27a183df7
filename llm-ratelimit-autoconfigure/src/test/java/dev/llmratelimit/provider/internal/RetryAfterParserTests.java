package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterParserTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	@ParameterizedTest
	@CsvSource({ "46, PT46S", "2, PT2S", "0, PT0S", "1.5, PT1.5S", "0.25, PT0.25S",
			"'Wed, 25 Feb 2026 20:02:30 GMT', PT30S", "'Wed, 25 Feb 2026 20:01:00 GMT', PT0S" })
	void readsSecondsOrHttpDates(String value, Duration expected) {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null, "retry-after", value), NOW))
			.isEqualTo(expected);
	}

	@Test
	void prefersRetryAfterMsOverRetryAfterAsOpenAiSends() {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null, "retry-after", "46", "retry-after-ms", "45190"),
				NOW))
			.isEqualTo(Duration.ofMillis(45190));
	}

	@Test
	void readsDecimalRetryAfterMs() {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null, "retry-after-ms", "1.5"), NOW))
			.isEqualTo(Duration.ofNanos(1_500_000));
	}

	@ParameterizedTest
	@ValueSource(strings = { "-5", "abc", "1e3", "9223372036854775808", "99999999999999999999999999", "86401",
			"5s", "NaN", "Infinity", "+5", "Wed, 32 Feb 2026 20:02:30 GMT", "Thu, 26 Feb 2026 20:02:01 GMT" })
	void ignoresMalformedNegativeOrHugeRetryAfter(String value) {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null, "retry-after", value), NOW)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "abc", "99999999999999999999", "" })
	void fallsBackToRetryAfterWhenRetryAfterMsIsMalformed(String value) {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null, "retry-after-ms", value, "retry-after", "2"),
				NOW))
			.isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void answersNullWithoutRetryHeaders() {
		assertThat(RetryAfterParser.retryAfter(Responses.of(429, null), NOW)).isNull();
	}

}
