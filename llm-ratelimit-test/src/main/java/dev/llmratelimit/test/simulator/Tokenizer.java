package dev.llmratelimit.test.simulator;

/**
 * Counts tokens the way the simulated provider bills them: a fixed number of characters
 * per token, rounded up. Real tokenizers differ from a client's estimate; a ratio other
 * than the client's reproduces that error.
 *
 * @param charsPerToken characters per token, such as 4.0 or 3.5
 */
public record Tokenizer(double charsPerToken) {

	/** Four characters per token, the usual rule of thumb. */
	public static final Tokenizer DEFAULT = new Tokenizer(4.0);

	/**
	 * Validates the ratio.
	 */
	public Tokenizer {
		if (!(charsPerToken > 0) || Double.isInfinite(charsPerToken)) {
			throw new IllegalArgumentException("charsPerToken must be positive, was " + charsPerToken);
		}
	}

	/**
	 * Tokens in a text.
	 * @param text the text, may be empty
	 * @return the token count, zero only for empty text
	 */
	public long count(CharSequence text) {
		return (long) Math.ceil(text.length() / this.charsPerToken);
	}

	/**
	 * Characters that make up a number of tokens.
	 * @param tokens the token count
	 * @return the character count
	 */
	public int characters(long tokens) {
		return (int) Math.min(Integer.MAX_VALUE, Math.round(tokens * this.charsPerToken));
	}

}
