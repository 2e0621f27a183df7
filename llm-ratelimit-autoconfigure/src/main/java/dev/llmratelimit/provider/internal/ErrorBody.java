package dev.llmratelimit.provider.internal;

/**
 * The parts of a provider's JSON error body that classify a refusal. Reads the shapes of
 * OpenAI ({@code {"error":{"type","code","message"}}}), Anthropic (the same, plus
 * {@code details.error_code}, inside or beside {@code error}) and Google
 * ({@code error.status}); any part may be {@code null}.
 *
 * @param type the error type
 * @param code the error code
 * @param message the human-readable message
 * @param detailCode Anthropic's {@code details.error_code}
 * @param status Google's {@code error.status}
 * @param root the whole parsed body, or {@code null} when it was not JSON
 */
record ErrorBody(String type, String code, String message, String detailCode, String status, Object root) {

	static final ErrorBody NONE = new ErrorBody(null, null, null, null, null, null);

	/**
	 * Parses an error body.
	 * @param body the body, possibly {@code null} or malformed
	 * @return what it says, {@link #NONE} when it says nothing readable
	 */
	static ErrorBody parse(String body) {
		Object root = JsonReader.read(body);
		if (root == null) {
			return NONE;
		}
		String detailCode = JsonReader.stringAt(root, "error", "details", "error_code");
		if (detailCode == null) {
			detailCode = JsonReader.stringAt(root, "details", "error_code");
		}
		return new ErrorBody(JsonReader.stringAt(root, "error", "type"), JsonReader.stringAt(root, "error", "code"),
				JsonReader.stringAt(root, "error", "message"), detailCode, JsonReader.stringAt(root, "error", "status"),
				root);
	}

	boolean typeOrCodeIs(String value) {
		return value.equals(this.type) || value.equals(this.code);
	}

	boolean messageStartsWith(String prefix) {
		return this.message != null && this.message.regionMatches(true, 0, prefix, 0, prefix.length());
	}

}
