package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses the plain non-negative decimals providers send ({@code 46}, {@code 45190},
 * {@code 0.5}), refusing signs, exponents, NaN and anything longer than a sane number.
 */
final class DecimalParser {

	private static final Pattern DECIMAL = Pattern.compile("(?:\\d{1,30}(?:\\.\\d{0,18})?|\\.\\d{1,18})");

	private DecimalParser() {
	}

	/**
	 * Parses a non-negative decimal.
	 * @param value the text, possibly {@code null}
	 * @return the number, or {@code null} when the text is not a plain non-negative decimal
	 */
	static BigDecimal parse(String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.trim();
		return DECIMAL.matcher(trimmed).matches() ? new BigDecimal(trimmed) : null;
	}

}
