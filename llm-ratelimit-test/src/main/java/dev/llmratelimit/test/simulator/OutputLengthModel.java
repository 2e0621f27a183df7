package dev.llmratelimit.test.simulator;

/**
 * Decides how many output tokens a simulated answer has. Real answers are usually much
 * shorter than {@code max_tokens}; that gap is what a limiter must refund.
 */
@FunctionalInterface
public interface OutputLengthModel {

	/**
	 * Output tokens of the answer to a prompt.
	 * @param prompt the whole input text
	 * @param maxTokens the request's {@code max_tokens}
	 * @return between 1 and {@code maxTokens}
	 */
	long outputTokens(String prompt, long maxTokens);

	/**
	 * Answers whose length is a fraction of {@code max_tokens} between two bounds, chosen
	 * by a hash of the prompt: the same prompt always gets the same length.
	 * @param min the smallest fraction, at least 0
	 * @param max the largest fraction, at most 1
	 * @return the model
	 */
	static OutputLengthModel fractionOfMaxTokens(double min, double max) {
		if (min < 0 || max > 1 || min > max) {
			throw new IllegalArgumentException("Fractions must satisfy 0 <= min <= max <= 1, were " + min + " and " + max);
		}
		return (prompt, maxTokens) -> {
			double fraction = min + (max - min) * uniform(prompt);
			return Math.max(1, Math.min(maxTokens, Math.round(maxTokens * fraction)));
		};
	}

	/**
	 * The default: between 5% and 30% of {@code max_tokens}.
	 * @return the model
	 */
	static OutputLengthModel standard() {
		return fractionOfMaxTokens(0.05, 0.30);
	}

	private static double uniform(String prompt) {
		long hash = prompt.hashCode() * 0x9E3779B97F4A7C15L;
		hash ^= (hash >>> 29);
		return (hash & 0xFFFF) / 65535.0;
	}

}
