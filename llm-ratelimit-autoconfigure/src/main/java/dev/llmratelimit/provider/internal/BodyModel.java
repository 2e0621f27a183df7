package dev.llmratelimit.provider.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the model a provider request or response body names: its top-level
 * {@code "model"} string, as every LLM API sends it (Anthropic and OpenAI requests and
 * responses, embeddings included). Nested fields named {@code model} (a tool's schema, a
 * message's metadata) are not taken for it. The one way llm-ratelimit finds a body's
 * model, used by the HTTP client hooks and the SDK hooks alike.
 */
public final class BodyModel {

	private static final int MAX_MODEL_LENGTH = 200;

	private BodyModel() {
	}

	/**
	 * The model a body names.
	 * @param body the body text, possibly {@code null}, possibly cut short
	 * @return the model id, or empty when the body names none or is not a JSON object
	 */
	public static Optional<String> of(String body) {
		if (body == null || body.isEmpty()) {
			return Optional.empty();
		}
		String model = JsonReader.topLevelString(body, "model");
		if (model == null) {
			return Optional.empty();
		}
		String trimmed = model.trim();
		return (trimmed.isEmpty() || trimmed.length() > MAX_MODEL_LENGTH) ? Optional.empty() : Optional.of(trimmed);
	}

	/**
	 * The model a body names, read from at most {@code maxBytes} of it.
	 * @param body the body bytes (UTF-8), possibly {@code null}
	 * @param maxBytes most bytes read
	 * @return the model id, or empty when the bytes read name none
	 */
	public static Optional<String> of(byte[] body, int maxBytes) {
		if (body == null || body.length == 0) {
			return Optional.empty();
		}
		return of(new String(body, 0, Math.min(body.length, maxBytes), StandardCharsets.UTF_8));
	}

}
