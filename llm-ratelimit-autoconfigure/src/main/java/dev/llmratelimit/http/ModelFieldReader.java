package dev.llmratelimit.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code "model"} field of a JSON request or response body without parsing it:
 * only the first characters are scanned, so a large prompt costs nothing. LLM APIs put the
 * model near the start (requests) or in the first object (responses).
 */
final class ModelFieldReader {

	private static final Pattern MODEL_FIELD = Pattern.compile("\"model\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");

	private final int maxChars;

	ModelFieldReader(int maxChars) {
		this.maxChars = maxChars;
	}

	/**
	 * The model named in a body.
	 * @param body the body bytes, possibly {@code null}
	 * @return the model id, or empty when the scanned part names none
	 */
	Optional<String> modelOf(byte[] body) {
		if (body == null || body.length == 0) {
			return Optional.empty();
		}
		int length = Math.min(body.length, this.maxChars);
		return modelOf(new String(body, 0, length, StandardCharsets.UTF_8));
	}

	/**
	 * The model named in a body.
	 * @param body the body text, possibly {@code null}
	 * @return the model id, or empty when the scanned part names none
	 */
	Optional<String> modelOf(String body) {
		if (body == null || body.isEmpty()) {
			return Optional.empty();
		}
		Matcher matcher = MODEL_FIELD.matcher(body);
		matcher.region(0, Math.min(body.length(), this.maxChars));
		return matcher.find() ? Optional.of(matcher.group(1).trim()).filter((model) -> !model.isEmpty())
				: Optional.empty();
	}

}
