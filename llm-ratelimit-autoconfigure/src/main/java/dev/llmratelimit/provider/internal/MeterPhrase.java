package dev.llmratelimit.provider.internal;

import java.util.Locale;

import dev.llmratelimit.Meter;

/**
 * Finds the meter a provider names in prose or in an identifier: "tokens per min (TPM)",
 * "requests per day", {@code GenerateContentInputTokensPerModelPerMinute-FreeTier}.
 */
final class MeterPhrase {

	private MeterPhrase() {
	}

	/**
	 * The meter a text names.
	 * @param text the text, possibly {@code null}
	 * @return the meter, or {@code null} when the text names no meter this library keeps
	 */
	static Meter meterOf(String text) {
		return meter(kindOf(text), windowOf(text));
	}

	/**
	 * The kind of quantity a text names; input and output tokens before plain tokens,
	 * tokens before requests ("Requested 180002" appears in token messages).
	 * @param text the text, possibly {@code null}
	 * @return the kind, or {@code null}
	 */
	static Meter.Kind kindOf(String text) {
		String letters = letters(text);
		if (letters.contains("inputtoken")) {
			return Meter.Kind.INPUT_TOKENS;
		}
		if (letters.contains("outputtoken")) {
			return Meter.Kind.OUTPUT_TOKENS;
		}
		if (letters.contains("token") || letters.contains("tpm") || letters.contains("tpd")) {
			return Meter.Kind.TOTAL_TOKENS;
		}
		if (letters.contains("request") || letters.contains("rpm") || letters.contains("rpd")) {
			return Meter.Kind.REQUESTS;
		}
		return null;
	}

	/**
	 * Whether a text names a daily window rather than a per-minute one.
	 * @param text the text, possibly {@code null}
	 * @return {@code Boolean.TRUE} for a day, {@code Boolean.FALSE} for a minute,
	 * {@code null} when it names neither
	 */
	static Boolean windowOf(String text) {
		String letters = letters(text);
		if (letters.contains("perday") || letters.contains("tpd") || letters.contains("rpd")) {
			return Boolean.TRUE;
		}
		if (letters.contains("permin") || letters.contains("tpm") || letters.contains("rpm")) {
			return Boolean.FALSE;
		}
		return null;
	}

	/**
	 * The meter of a kind and window.
	 * @param kind the kind, possibly {@code null}
	 * @param daily whether the window is a day, {@code null} when unknown
	 * @return the meter, or {@code null} when this library keeps no such meter
	 */
	static Meter meter(Meter.Kind kind, Boolean daily) {
		if (kind == null || daily == null) {
			return null;
		}
		if (daily) {
			return switch (kind) {
				case REQUESTS -> Meter.REQUESTS_PER_DAY;
				case TOTAL_TOKENS -> Meter.TOKENS_PER_DAY;
				default -> null;
			};
		}
		return switch (kind) {
			case REQUESTS -> Meter.REQUESTS_PER_MINUTE;
			case TOTAL_TOKENS -> Meter.TOKENS_PER_MINUTE;
			case INPUT_TOKENS -> Meter.INPUT_TOKENS_PER_MINUTE;
			case OUTPUT_TOKENS -> Meter.OUTPUT_TOKENS_PER_MINUTE;
			default -> null;
		};
	}

	private static String letters(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder letters = new StringBuilder(Math.min(text.length(), 4096));
		for (int i = 0; i < text.length() && i < 4096; i++) {
			char c = text.charAt(i);
			if (Character.isLetter(c)) {
				letters.append(Character.toLowerCase(c));
			}
		}
		return letters.toString().toLowerCase(Locale.ROOT);
	}

}
