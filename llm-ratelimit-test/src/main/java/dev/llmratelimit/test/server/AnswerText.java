package dev.llmratelimit.test.server;

/**
 * Filler text for simulated answers.
 */
final class AnswerText {

	private static final String PHRASE = "The simulated model considers the question carefully and answers it. ";

	private AnswerText() {
	}

	/**
	 * Text of a given length, made of whole repetitions of a phrase and a cut-off end.
	 * @param length the number of characters, at least 1
	 * @return the text
	 */
	static String ofLength(int length) {
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			text.append(PHRASE, 0, Math.min(PHRASE.length(), length - text.length()));
		}
		return text.toString();
	}

}
