package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses RFC 3339 instants, as Anthropic sends its resets ({@code 2026-02-25T20:02:32Z},
 * with optional fraction and offset), into the time left until them.
 */
final class Rfc3339Parser {

	private static final int MAX_LENGTH = 64;

	private Rfc3339Parser() {
	}

	/**
	 * Time from now until an RFC 3339 instant.
	 * @param header the header the value came from, for the log
	 * @param value the text, possibly {@code null}
	 * @param now the current time
	 * @return the time left (zero when passed), or {@code null} when malformed or more than a
	 * day ahead
	 */
	static Duration untilInstant(String header, String value, Instant now) {
		if (value == null) {
			return null;
		}
		if (value.length() > MAX_LENGTH) {
			IgnoredValues.ignore(header, value, "too long for an RFC 3339 instant");
			return null;
		}
		try {
			Instant instant = OffsetDateTime
				.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
				.toInstant();
			return Waits.until(instant, now, header, value);
		}
		catch (DateTimeParseException ex) {
			IgnoredValues.ignore(header, value, "not an RFC 3339 instant");
			return null;
		}
	}

}
