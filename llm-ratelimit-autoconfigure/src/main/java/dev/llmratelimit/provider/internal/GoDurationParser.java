package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written in Go's syntax, as OpenAI and Groq send their resets:
 * {@code 12ms}, {@code 1s}, {@code 51.189s}, {@code 6m0s}, {@code 2m59.56s}, with units
 * {@code h}, {@code m}, {@code s}, {@code ms}, {@code us}/{@code µs} and {@code ns}. A
 * bare {@code 0} is zero, as in Go.
 */
final class GoDurationParser {

	private static final Pattern PART = Pattern
		.compile("(\\d{1,20}(?:\\.\\d{0,18})?|\\.\\d{1,18})(h|ms|m|s|us|\u00b5s|\u03bcs|ns)");

	private static final int MAX_LENGTH = 100;

	private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of("h", BigDecimal.valueOf(3_600_000_000_000L),
			"m", BigDecimal.valueOf(60_000_000_000L), "s", BigDecimal.valueOf(1_000_000_000L), "ms",
			BigDecimal.valueOf(1_000_000L), "us", BigDecimal.valueOf(1_000L), "\u00b5s", BigDecimal.valueOf(1_000L),
			"\u03bcs", BigDecimal.valueOf(1_000L), "ns", BigDecimal.ONE);

	private GoDurationParser() {
	}

	/**
	 * Parses a Go duration.
	 * @param value the text, possibly {@code null}
	 * @return the duration, or {@code null} when the text is not a non-negative Go duration of
	 * at most a day (ignored with a debug log)
	 */
	static Duration parse(String value) {
		if (value == null) {
			return null;
		}
		String text = value.trim();
		if (text.equals("0")) {
			return Duration.ZERO;
		}
		if (text.isEmpty() || text.length() > MAX_LENGTH) {
			IgnoredValues.ignore("Go duration", value, "empty or too long");
			return null;
		}
		Matcher matcher = PART.matcher(text);
		BigDecimal nanos = BigDecimal.ZERO;
		int position = 0;
		while (position < text.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				IgnoredValues.ignore("Go duration", value, "not number+unit pairs");
				return null;
			}
			nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(NANOS_PER_UNIT.get(matcher.group(2))));
			position = matcher.end();
		}
		Duration duration = Durations.ofNanos(nanos);
		if (duration == null) {
			IgnoredValues.ignore("Go duration", value, "longer than " + Durations.MAX);
		}
		return duration;
	}

}
