package dev.llmratelimit.provider.internal;

import dev.llmratelimit.Meter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MeterPhraseTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"Rate limit reached for gpt-4o-mini in organization org-XXXX on tokens per min (TPM): Limit 200000, Used 170633, Requested 180002.|TOKENS_PER_MINUTE",
			"Rate limit reached for gpt-4 in organization org-XXXX on requests per min (RPM): Limit 3, Used 3, Requested 1.|REQUESTS_PER_MINUTE",
			"Rate limit reached for model on requests per day (RPD): Limit 14400, Used 14400, Requested 1.|REQUESTS_PER_DAY",
			"Rate limit reached for model on tokens per day (TPD): Limit 500000|TOKENS_PER_DAY",
			"This request would exceed the rate limit for your organization of 50,000 input tokens per minute.|INPUT_TOKENS_PER_MINUTE",
			"This request would exceed the rate limit of 8,000 output tokens per minute.|OUTPUT_TOKENS_PER_MINUTE",
			"GenerateContentInputTokensPerModelPerMinute-FreeTier|INPUT_TOKENS_PER_MINUTE",
			"GenerateRequestsPerDayPerProjectPerModel-FreeTier|REQUESTS_PER_DAY",
			"GenerateRequestsPerMinutePerProjectPerModel-FreeTier|REQUESTS_PER_MINUTE" })
	void findsTheMeterAProviderNames(String text, Meter expected) {
		assertThat(MeterPhrase.meterOf(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "You exceeded your current quota", "input tokens per day", "requests",
			"generate_content_free_tier_input_token_count" })
	void answersNullWhenNoKeptMeterIsNamed(String text) {
		assertThat(MeterPhrase.meterOf(text)).isNull();
	}

}
