package dev.llmratelimit.usage;

/**
 * Estimates how many tokens a text costs before the provider has counted it, to reserve
 * input budget at admission. Declare a bean of this type to replace the default estimate.
 */
@FunctionalInterface
public interface TokenEstimator {

	/**
	 * Estimates the tokens of a text sent to a model.
	 * @param model the model id, so an estimator can pick the model's tokenizer
	 * @param text the text, may be empty
	 * @return the estimated token count, never negative
	 */
	long estimate(String model, CharSequence text);

}
