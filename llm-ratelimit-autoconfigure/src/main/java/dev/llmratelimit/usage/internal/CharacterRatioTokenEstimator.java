package dev.llmratelimit.usage.internal;

import dev.llmratelimit.usage.TokenEstimator;

/**
 * {@link TokenEstimator} that assumes a fixed number of characters per token, rounding up.
 * Four characters per token is the rule of thumb providers give for English text.
 */
public final class CharacterRatioTokenEstimator implements TokenEstimator {

	/** Characters per token for English text. */
	public static final double DEFAULT_CHARACTERS_PER_TOKEN = 4;

	private final double charactersPerToken;

	/**
	 * Creates an estimator with four characters per token.
	 */
	public CharacterRatioTokenEstimator() {
		this(DEFAULT_CHARACTERS_PER_TOKEN);
	}

	/**
	 * Creates an estimator with the given ratio.
	 * @param charactersPerToken characters per token, positive
	 */
	public CharacterRatioTokenEstimator(double charactersPerToken) {
		if (!(charactersPerToken > 0)) {
			throw new IllegalArgumentException("charactersPerToken must be positive, was " + charactersPerToken);
		}
		this.charactersPerToken = charactersPerToken;
	}

	@Override
	public long estimate(String model, CharSequence text) {
		if (text == null || text.length() == 0) {
			return 0;
		}
		return (long) Math.ceil(text.length() / this.charactersPerToken);
	}

}
