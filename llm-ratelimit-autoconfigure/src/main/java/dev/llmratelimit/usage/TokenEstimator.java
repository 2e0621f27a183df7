package dev.llmratelimit.usage;

/**
 * Estimates how many tokens a text costs a model, before the call is made.
 */
@FunctionalInterface
public interface TokenEstimator {

	/**
	 * Estimates the tokens of a text.
	 * @param model the model id, possibly {@code null}
	 * @param text the text
	 * @return the estimated token count, never negative
	 */
	long estimate(String model, CharSequence text);

}
