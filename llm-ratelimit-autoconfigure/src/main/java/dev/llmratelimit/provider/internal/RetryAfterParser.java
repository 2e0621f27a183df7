package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import dev.llmratelimit.ProviderResponse;

/**
 * Reads how long a provider asks a client to stay away: {@code retry-after-ms}
 * (milliseconds, possibly decimal) when present and valid, else {@code retry-after} as
 * seconds (integer or decimal) or as an HTTP-date (RFC 1123). Malformed, negative, empty
 * or absurdly large values (beyond a day) are ignored with a debug log; a date in the past
 * means no wait.
 */
final class RetryAfterParser {

	private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

	private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

	private RetryAfterParser() {
	}

	/**
	 * The wait a response asks for.
	 * @param response the response
	 * @param now the current time, for HTTP-dates
	 * @return the wait, or {@code null} when the response names none that can be believed
	 */
	static Duration retryAfter(ProviderResponse response, Instant now) {
		Duration millis = amount("retry-after-ms", response.header("retry-after-ms"), NANOS_PER_MILLI);
		return (millis != null) ? millis : retryAfterSeconds(response.header("retry-after"), now);
	}

	/**
	 * Parses a {@code retry-after} value.
	 * @param value seconds or an HTTP-date, possibly {@code null}
	 * @param now the current time, for HTTP-dates
	 * @return the wait, or {@code null} when the value cannot be believed
	 */
	static Duration retryAfterSeconds(String value, Instant now) {
		if (value == null) {
			return null;
		}
		if (!value.isEmpty() && Character.isLetter(value.charAt(0))) {
			return httpDate(value, now);
		}
		return amount("retry-after", value, NANOS_PER_SECOND);
	}

	private static Duration amount(String header, String value, BigDecimal nanosPerUnit) {
		if (value == null) {
			return null;
		}
		BigDecimal amount = DecimalParser.parse(value);
		if (amount == null) {
			IgnoredValues.ignore(header, value, "not a non-negative number");
			return null;
		}
		Duration duration = Durations.ofNanos(amount.multiply(nanosPerUnit));
		if (duration == null) {
			IgnoredValues.ignore(header, value, "longer than " + Durations.MAX);
		}
		return duration;
	}

	private static Duration httpDate(String value, Instant now) {
		try {
			Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Waits.until(until, now, "retry-after", value);
		}
		catch (DateTimeParseException ex) {
			IgnoredValues.ignore("retry-after", value, "neither seconds nor an HTTP-date");
			return null;
		}
	}

}
