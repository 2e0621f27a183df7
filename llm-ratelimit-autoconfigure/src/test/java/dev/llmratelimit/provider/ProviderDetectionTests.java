package dev.llmratelimit.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.DialectRegistry;
import dev.llmratelimit.core.ProviderDialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ProviderDetectionTests {

	private static final List<ProviderDialect> DIALECTS = List.of(new AnthropicDialect(), new OpenAiDialect(),
			new AzureOpenAiDialect(), new GroqDialect(), new GeminiDialect(), new IetfDialect());

	static Stream<Arguments> typicalResponses() {
		return Stream.of(
				Arguments.of(Responses.ok("anthropic-ratelimit-requests-limit", "50", "request-id", "req_1"),
						AnthropicDialect.ID),
				Arguments.of(Responses.ok("x-ratelimit-limit-requests", "60", "openai-organization", "org-x",
						"openai-processing-ms", "120"), OpenAiDialect.ID),
				Arguments.of(Responses.ok("x-ratelimit-limit-tokens", "150000", "x-ratelimit-reset-tokens", "6m0s"),
						OpenAiDialect.ID),
				Arguments.of(Responses.ok("x-ratelimit-remaining-tokens", "59000", "x-ratelimit-reset-tokens", "300",
						"x-ms-region", "East US", "apim-request-id", "abc"), AzureOpenAiDialect.ID),
				Arguments.of(Responses.ok("x-ratelimit-limit-requests", "14400", "x-groq-region", "gcp-us-central1",
						"via", "1.1 google"), GroqDialect.ID),
				Arguments.of(Responses.of(429, GeminiDialectTests.RECORDED_BODY), GeminiDialect.ID),
				Arguments.of(Responses.ok("RateLimit-Policy", "\"burst\";q=100;w=60"), IetfDialect.ID));
	}

	@ParameterizedTest
	@MethodSource("typicalResponses")
	void detectsTheProviderOfATypicalResponse(ProviderResponse response, String expected) {
		assertThat(new DialectRegistry(DIALECTS).detect(response)).get()
			.extracting(ProviderDialect::id)
			.isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("typicalResponses")
	void detectsTheSameProviderWhateverTheRegistrationOrder(ProviderResponse response, String expected) {
		List<ProviderDialect> reversed = new ArrayList<>(DIALECTS);
		Collections.reverse(reversed);
		assertThat(new DialectRegistry(reversed).detect(response)).get()
			.extracting(ProviderDialect::id)
			.isEqualTo(expected);
	}

	static Stream<Arguments> hostileResponses() {
		String[] bodies = { null, "", "{", "[".repeat(10_000), "{\"error\":{\"details\":[{\"@type\":null}]}}",
				"\u0000\uffff", "{\"error\":{\"message\":\"try again in 1e99s\"}}" };
		String[] values = { "", "-1", "99999999999999999999999", "1e308", "NaN", "garbage", "\"", ";;;,,,",
				"9999-99-99T99:99:99Z", "-1s" };
		String[] headers = { "retry-after", "retry-after-ms", "x-ratelimit-limit-requests",
				"x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens", "anthropic-ratelimit-requests-limit",
				"anthropic-ratelimit-input-tokens-reset", "RateLimit", "RateLimit-Policy" };
		Stream.Builder<Arguments> arguments = Stream.builder();
		for (ProviderDialect dialect : DIALECTS) {
			for (String body : bodies) {
				for (String value : values) {
					String[] pairs = new String[headers.length * 2];
					for (int i = 0; i < headers.length; i++) {
						pairs[2 * i] = headers[i];
						pairs[2 * i + 1] = value;
					}
					arguments.add(Arguments.of(dialect, Responses.of(429, body, pairs)));
				}
			}
		}
		return arguments.build();
	}

	@ParameterizedTest
	@MethodSource("hostileResponses")
	void neverThrowsOnHostileResponses(ProviderDialect dialect, ProviderResponse response) {
		assertThatNoException().isThrownBy(() -> {
			dialect.recognizes(response);
			dialect.interpret(response, Instant.EPOCH);
		});
	}

}
