package dev.llmratelimit.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

import dev.llmratelimit.provider.internal.BodyModel;

/**
 * Finds the model an SDK request names: writes the request body into memory and reads
 * its top-level {@code model} field with {@link BodyModel}. Shared by the Anthropic and
 * OpenAI SDK hooks.
 */
public final class RequestBodyModel {

	private RequestBodyModel() {
	}

	/**
	 * Writes a body into memory and reads its model.
	 * @param writer writes the body to a stream
	 * @return the model, or empty when the body has none or is not JSON
	 */
	public static Optional<String> of(BodyWriter writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			writer.writeTo(bytes);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
		byte[] body = bytes.toByteArray();
		return BodyModel.of(body, body.length);
	}

	/**
	 * Writes a request body.
	 */
	@FunctionalInterface
	public interface BodyWriter {

		/**
		 * Writes the body.
		 * @param out where to write it
		 * @throws IOException if writing fails
		 */
		void writeTo(OutputStream out) throws IOException;

	}

}
