package dev.llmratelimit.provider.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderNumbersTests {

	@ParameterizedTest
	@CsvSource({ "50, 50", "150000, 150000", "1000000000000000, 1000000000000000", "' 14400 ', 14400",
			"100.0, 100" })
	void readsPositiveWholeLimits(String value, long expected) {
		assertThat(HeaderNumbers.limit(Responses.ok("limit", value), "limit")).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "0", "-5", "1.5", "abc", "1000000000000001", "9223372036854775807",
			"9223372036854775808", "99999999999999999999999999999", "1e9", "0x10", "NaN", "Infinity", "+5", "5 tokens" })
	void ignoresLimitsThatAreNotPositiveWholeNumbers(String value) {
		assertThat(HeaderNumbers.limit("limit", value)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "0, 0", "49, 49", "149984, 149984", "12.5, 12.5" })
	void readsNonNegativeRemainingAmounts(String value, double expected) {
		assertThat(HeaderNumbers.remaining(Responses.ok("remaining", value), "remaining")).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "-1", "abc", "9223372036854775808", "1e3", "NaN" })
	void ignoresMalformedRemainingAmounts(String value) {
		assertThat(HeaderNumbers.remaining("remaining", value)).isNull();
	}

}
