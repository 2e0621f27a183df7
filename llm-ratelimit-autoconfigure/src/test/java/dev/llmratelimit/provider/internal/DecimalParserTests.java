package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalParserTests {

	@ParameterizedTest
	@CsvSource({ "0, 0", "46, 46", "45190, 45190", "1.5, 1.5", ".25, 0.25", "' 7 ', 7",
			"123456789012345678901234567890, 123456789012345678901234567890" })
	void parsesPlainNonNegativeDecimals(String value, BigDecimal expected) {
		assertThat(DecimalParser.parse(value)).isEqualByComparingTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "-1", "+1", "1e3", "0x1F", "NaN", "Infinity", "1,000", "1 000", "1.2.3", ".",
			"1234567890123456789012345678901", "0.1234567890123456789", "\u0661\u0662" })
	void refusesAnythingElse(String value) {
		assertThat(DecimalParser.parse(value)).isNull();
	}

}
