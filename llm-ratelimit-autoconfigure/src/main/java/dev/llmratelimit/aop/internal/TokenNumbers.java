package dev.llmratelimit.aop.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

import dev.llmratelimit.Meter;

/**
 * Checks a token count that an {@code @LlmRateLimited} expression gave: a whole, finite,
 * non-negative number no larger than {@link Meter#MAX_AMOUNT}. Anything else is a mistake
 * in the expression or hostile input, and fails the call instead of being rounded into a
 * count.
 */
final class TokenNumbers {

	private static final BigDecimal MAX = BigDecimal.valueOf(Meter.MAX_AMOUNT);

	private TokenNumbers() {
	}

	/**
	 * The count a number stands for.
	 * @param value the expression's value
	 * @param what the attribute and operation, for the message
	 * @return the count
	 * @throws IllegalArgumentException if the number is not a valid token count
	 */
	static long toTokens(Number value, String what) {
		BigDecimal number = decimal(value);
		if (number == null || number.signum() < 0 || number.compareTo(MAX) > 0
				|| number.stripTrailingZeros().scale() > 0) {
			throw new IllegalArgumentException(
					what + " gave " + value + "; a token count must be a whole number between 0 and " + Meter.MAX_AMOUNT);
		}
		return number.longValueExact();
	}

	private static BigDecimal decimal(Number value) {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (value instanceof Double || value instanceof Float) {
			double number = value.doubleValue();
			return Double.isFinite(number) ? BigDecimal.valueOf(number) : null;
		}
		return BigDecimal.valueOf(value.longValue());
	}

}
