package dev.llmratelimit.aop.internal;

import java.util.function.Supplier;

import dev.llmratelimit.usage.TokenEstimator;

/**
 * Turns what an {@code inputTokens} expression (or the method's arguments) gives into an
 * input token count: text is estimated, and collections or arrays of texts add up.
 * Anything else counts nothing. (A number is a count, checked by {@link TokenNumbers}.)
 */
final class InputTokenCounter {

	private final Supplier<TokenEstimator> estimator;

	InputTokenCounter(Supplier<TokenEstimator> estimator) {
		this.estimator = estimator;
	}

	/**
	 * Estimates the tokens of an expression's value (not a number) for a model.
	 */
	long count(String model, Object value) {
		return estimate(model, value);
	}

	/**
	 * Estimates the tokens of every text argument.
	 */
	long estimateArguments(String model, Object[] args) {
		long total = 0;
		for (Object arg : args) {
			total += estimate(model, arg);
		}
		return total;
	}

	private long estimate(String model, Object value) {
		if (value instanceof CharSequence text) {
			return this.estimator.get().estimate(model, text);
		}
		if (value instanceof Iterable<?> items) {
			long total = 0;
			for (Object item : items) {
				if (item instanceof CharSequence text) {
					total += this.estimator.get().estimate(model, text);
				}
			}
			return total;
		}
		if (value instanceof CharSequence[] texts) {
			long total = 0;
			for (CharSequence text : texts) {
				total += (text != null) ? this.estimator.get().estimate(model, text) : 0;
			}
			return total;
		}
		return 0;
	}

}
