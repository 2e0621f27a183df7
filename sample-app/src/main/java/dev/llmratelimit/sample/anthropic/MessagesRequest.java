package dev.llmratelimit.sample.anthropic;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /v1/messages}.
 *
 * @param model the model id
 * @param maxTokens the most output tokens the answer may have
 * @param messages the conversation
 * @param system the system prompt, text or a list of text blocks; may be {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagesRequest(String model, @JsonProperty("max_tokens") Integer maxTokens, List<Message> messages,
		Object system) {

	/**
	 * A request of one user message without a system prompt.
	 * @param model the model id
	 * @param maxTokens the most output tokens
	 * @param prompt the user's text
	 * @return the request
	 */
	public static MessagesRequest ofUserPrompt(String model, int maxTokens, String prompt) {
		return new MessagesRequest(model, maxTokens, List.of(new Message("user", prompt)), null);
	}

	/**
	 * All input text: the system prompt and every message, one after the other.
	 * @return the text
	 */
	public String inputText() {
		Stream<Object> parts = Stream.concat(Stream.of(this.system),
				(this.messages != null) ? this.messages.stream().map(Message::content) : Stream.empty());
		return parts.map(MessagesRequest::text).collect(Collectors.joining());
	}

	private static String text(Object content) {
		if (content instanceof CharSequence text) {
			return text.toString();
		}
		if (content instanceof List<?> blocks) {
			return blocks.stream()
				.filter(Map.class::isInstance)
				.map((block) -> ((Map<?, ?>) block).get("text"))
				.filter(CharSequence.class::isInstance)
				.map(Object::toString)
				.collect(Collectors.joining());
		}
		return "";
	}

	/**
	 * One turn of the conversation.
	 *
	 * @param role {@code user} or {@code assistant}
	 * @param content text, or a list of content blocks such as
	 * {@code {"type":"text","text":"..."}}
	 */
	public record Message(String role, Object content) {

	}

}
