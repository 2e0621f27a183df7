package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339ParserTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	@ParameterizedTest
	@CsvSource({ "2026-02-25T20:02:32Z, PT32S", "2026-02-25T20:02:37Z, PT37S", "2026-02-25T20:02:36.5Z, PT36.5S",
			"2026-02-25t20:02:10z, PT10S", "2026-02-25T21:02:10+01:00, PT10S", "2026-02-25T20:01:00Z, PT0S" })
	void readsTimeUntilInstant(String value, Duration expected) {
		assertThat(Rfc3339Parser.untilInstant("reset", value, NOW)).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "tomorrow", "2026-02-25", "2026-02-25T20:02:32", "2026-13-25T20:02:32Z", "32",
			"2026-02-27T20:02:32Z", "+999999999-12-31T23:59:59Z",
			"2026-02-25T20:02:32Z2026-02-25T20:02:32Z2026-02-25T20:02:32Z2026-02-25T20:02:32Z" })
	void ignoresMalformedOrFarAwayInstants(String value) {
		assertThat(Rfc3339Parser.untilInstant("reset", value, NOW)).isNull();
	}

}
