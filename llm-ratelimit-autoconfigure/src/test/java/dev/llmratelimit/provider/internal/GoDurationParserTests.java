package dev.llmratelimit.provider.internal;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationParserTests {

	@ParameterizedTest
	@CsvSource({ "12ms, PT0.012S", "1s, PT1S", "51.189s, PT51.189S", "6m0s, PT6M", "2m59.56s, PT2M59.56S",
			"7.66s, PT7.66S", "1h, PT1H", "1h2m3s, PT1H2M3S", "1.5h, PT1H30M", "250us, PT0.00025S",
			"250\u00b5s, PT0.00025S", "250\u03bcs, PT0.00025S", "15ns, PT0.000000015S", "0, PT0S", "0s, PT0S",
			".5s, PT0.5S", "24h, PT24H", "' 1s ', PT1S" })
	void parsesGoDurations(String value, Duration expected) {
		assertThat(GoDurationParser.parse(value)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1s", "1", "10", "s", "1x", "1 s", "1s2", "1.2.3s", "abc", "1S", "1m-1s",
			"99999999999999999999h", "24h1ns", "1e3s", "NaNs", "Infinitys", "1d",
			"1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s" })
	void ignoresMalformedHugeOrNegativeValues(String value) {
		assertThat(GoDurationParser.parse(value)).isNull();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   " })
	void ignoresMissingOrBlankValues(String value) {
		assertThat(GoDurationParser.parse(value)).isNull();
	}

}
