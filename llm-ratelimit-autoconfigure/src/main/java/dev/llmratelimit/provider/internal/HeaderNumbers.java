package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ProviderResponse;

/**
 * Reads the limit and remaining counts of rate-limit headers. Negative, fractional
 * limits, non-numeric values and values above {@link Meter#MAX_AMOUNT} are ignored with a
 * debug log.
 */
final class HeaderNumbers {

	private static final BigDecimal MAX = BigDecimal.valueOf(Meter.MAX_AMOUNT);

	private HeaderNumbers() {
	}

	/**
	 * A positive whole limit.
	 * @param response the response
	 * @param header the header name
	 * @return the limit or {@code null}
	 */
	static Long limit(ProviderResponse response, String header) {
		return limit(header, response.header(header));
	}

	/**
	 * Parses a positive whole limit.
	 * @param what what the value is, for the log
	 * @param value the text, possibly {@code null}
	 * @return the limit or {@code null}
	 */
	static Long limit(String what, String value) {
		BigDecimal number = number(what, value);
		if (number == null) {
			return null;
		}
		if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0) {
			IgnoredValues.ignore(what, value, "not a positive whole number");
			return null;
		}
		return number.longValueExact();
	}

	/**
	 * A non-negative remaining amount.
	 * @param response the response
	 * @param header the header name
	 * @return the amount or {@code null}
	 */
	static Double remaining(ProviderResponse response, String header) {
		return remaining(header, response.header(header));
	}

	/**
	 * Parses a non-negative remaining amount.
	 * @param what what the value is, for the log
	 * @param value the text, possibly {@code null}
	 * @return the amount or {@code null}
	 */
	static Double remaining(String what, String value) {
		BigDecimal number = number(what, value);
		return (number != null) ? number.doubleValue() : null;
	}

	private static BigDecimal number(String what, String value) {
		if (value == null) {
			return null;
		}
		BigDecimal number = DecimalParser.parse(value);
		if (number == null) {
			IgnoredValues.ignore(what, value, "not a non-negative number");
			return null;
		}
		if (number.compareTo(MAX) > 0) {
			IgnoredValues.ignore(what, value, "too large");
			return null;
		}
		return number;
	}

}
