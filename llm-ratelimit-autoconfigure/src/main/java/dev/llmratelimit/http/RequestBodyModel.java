package dev.llmratelimit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Finds the top-level {@code model} field of a JSON request body, as both providers' SDKs
 * send it.
 */
final class RequestBodyModel {

	private static final JsonFactory JSON = new JsonFactory();

	private RequestBodyModel() {
	}

	/**
	 * Writes a body into memory and reads its model.
	 * @param writer writes the body to a stream
	 * @return the model, or empty when the body has none or is not JSON
	 */
	static Optional<String> of(BodyWriter writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			writer.writeTo(bytes);
			return of(bytes.toByteArray());
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> of(byte[] body) throws IOException {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
					return Optional.of(parser.getText());
				}
				parser.skipChildren();
			}
			return Optional.empty();
		}
	}

	/**
	 * Writes a request body.
	 */
	@FunctionalInterface
	interface BodyWriter {

		void writeTo(OutputStream out) throws IOException;

	}

}
