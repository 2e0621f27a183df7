package dev.llmratelimit.usage;

import java.util.Optional;

/**
 * Reads what an argument of a rate-limited method tells about the LLM request: model,
 * max tokens and input. Implement it for your own request types and declare it as a bean.
 */
@FunctionalInterface
public interface RequestInspector {

	/**
	 * Inspects one argument.
	 * @param argument a method argument, possibly {@code null}
	 * @return what the argument tells, or empty when this inspector does not know its type
	 */
	Optional<LlmRequestInfo> inspect(Object argument);

	/**
	 * Rebuilds a request this inspector knows so that it names another model, for calls
	 * routed to a fallback model.
	 * @param argument a method argument, possibly {@code null}
	 * @param model the model the request should name
	 * @return the rebuilt request, or empty when this inspector cannot rebuild the argument
	 */
	default Optional<Object> withModel(Object argument, String model) {
		return Optional.empty();
	}

	/**
	 * What a call's arguments tell about the request before it is sent. Every part may be
	 * missing.
	 *
	 * @param model the model id, or {@code null}
	 * @param maxTokens the most output tokens the request asks for, or {@code null}
	 * @param inputText the text sent to the model, for an estimate of input tokens, or
	 * {@code null}
	 * @param inputTokens a known count of input tokens, or {@code null}
	 */
	record LlmRequestInfo(String model, Long maxTokens, CharSequence inputText, Long inputTokens) {

		/** A request about which nothing is known. */
		public static final LlmRequestInfo EMPTY = new LlmRequestInfo(null, null, null, null);

		/**
		 * Whether nothing at all is known.
		 * @return {@code true} when every part is missing
		 */
		public boolean isEmpty() {
			return this.model == null && this.maxTokens == null && this.inputText == null && this.inputTokens == null;
		}

		/**
		 * Fills the parts missing here with those of another request.
		 * @param other what to fall back to
		 * @return the combined request
		 */
		public LlmRequestInfo orElse(LlmRequestInfo other) {
			return new LlmRequestInfo(firstNonNull(this.model, other.model), firstNonNull(this.maxTokens, other.maxTokens),
					firstNonNull(this.inputText, other.inputText), firstNonNull(this.inputTokens, other.inputTokens));
		}

		private static <T> T firstNonNull(T first, T second) {
			return (first != null) ? first : second;
		}

	}

}
