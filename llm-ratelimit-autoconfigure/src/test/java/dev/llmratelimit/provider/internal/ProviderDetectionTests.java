package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.DialectRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

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
	void learnsNothingFromHostileValues(ProviderDialect dialect, ProviderResponse response) {
		dialect.recognizes(response);
		ProviderSnapshot snapshot = dialect.interpret(response, Instant.EPOCH);
		assertSane(snapshot);
		assertThat(snapshot.readings().values()).allSatisfy((reading) -> {
			assertThat(reading.limit()).as("limit").isNull();
			assertThat(reading.remaining()).as("remaining").isNull();
		});
	}

	/**
	 * Random header values drawn from a fixed seed, mixing plausible numbers, durations and
	 * dates with their broken variants: whatever a dialect reads must be sane.
	 */
	static Stream<Arguments> fuzzedResponses() {
		Random random = new Random(20261206L);
		String[] headers = { "retry-after", "retry-after-ms", "x-ratelimit-limit-requests", "x-ratelimit-limit-tokens",
				"x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-requests",
				"x-ratelimit-reset-tokens", "anthropic-ratelimit-requests-limit",
				"anthropic-ratelimit-requests-remaining",
				"anthropic-ratelimit-input-tokens-limit", "anthropic-ratelimit-input-tokens-remaining",
				"anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-limit", "RateLimit",
				"RateLimit-Policy", "x-ratelimit-limit-requests-day", "x-ratelimit-remaining-tokens-minute" };
		Stream.Builder<Arguments> arguments = Stream.builder();
		for (int i = 0; i < 600; i++) {
			String[] pairs = new String[8];
			for (int j = 0; j < pairs.length; j += 2) {
				pairs[j] = headers[random.nextInt(headers.length)];
				pairs[j + 1] = fuzzedValue(random);
			}
			int status = random.nextBoolean() ? 429 : 200;
			ProviderDialect dialect = DIALECTS.get(random.nextInt(DIALECTS.size()));
			arguments.add(Arguments.of(dialect, Responses.of(status, null, pairs)));
		}
		return arguments.build();
	}

	private static String fuzzedValue(Random random) {
		return switch (random.nextInt(12)) {
			case 0 -> Long.toString(random.nextLong());
			case 1 -> Long.toString(random.nextInt(1_000_000));
			case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(400) - 100));
			case 3 -> random.nextInt(100_000) + "." + random.nextInt(1000);
			case 4 -> random.nextInt(100) + "m" + random.nextInt(100) + "s";
			case 5 -> random.nextInt(10_000) + "ms";
			case 6 -> Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE)).toString();
			case 7 -> "\"policy\";q=" + random.nextLong() + ";w=" + random.nextInt();
			case 8 -> "\"p\";r=" + (random.nextInt(2000) - 1000) + ";t=" + (random.nextInt(2000) - 1000);
			case 9 -> "9".repeat(1 + random.nextInt(40));
			case 10 -> "-" + random.nextInt(1000);
			default -> new String(new char[] { (char) random.nextInt(0x3000), (char) random.nextInt(128) });
		};
	}

	@ParameterizedTest
	@MethodSource("fuzzedResponses")
	void readsOnlySaneFiguresFromRandomValues(ProviderDialect dialect, ProviderResponse response) {
		dialect.recognizes(response);
		assertSane(dialect.interpret(response, Instant.EPOCH));
	}

	/** Limits positive whole numbers up to the engine's maximum, the rest finite and not negative. */
	private static void assertSane(ProviderSnapshot snapshot) {
		assertThat(snapshot).isNotNull();
		snapshot.readings().forEach((meter, reading) -> {
			if (reading.limit() != null) {
				assertThat(reading.limit()).as("%s limit", meter).isBetween(1L, Meter.MAX_AMOUNT);
			}
			if (reading.remaining() != null) {
				assertThat(reading.remaining()).as("%s remaining", meter)
					.isFinite()
					.isBetween(0.0, (double) Meter.MAX_AMOUNT);
			}
			if (reading.resetAfter() != null) {
				assertThat(reading.resetAfter()).as("%s reset", meter)
					.isBetween(Duration.ZERO, Duration.ofDays(1));
			}
		});
		if (snapshot.retryAfter() != null) {
			assertThat(snapshot.retryAfter()).as("retry-after").isBetween(Duration.ZERO, Duration.ofDays(1));
		}
	}

}
