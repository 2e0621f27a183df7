package dev.llmratelimit.test.server;

import java.util.List;

import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedReply;
import tools.jackson.databind.JsonNode;

/**
 * The JSON bodies of one provider's API.
 */
interface WireCodec {

	/**
	 * Paths the API is served at.
	 * @return paths such as {@code /v1/messages}
	 */
	List<String> paths();

	/**
	 * Reads a request body.
	 * @param body the parsed JSON
	 * @return the request, or the problem that makes it invalid
	 */
	ParsedRequest parse(JsonNode body);

	/**
	 * The body of a successful answer.
	 * @param reply the completed call
	 * @param maxTokens the request's {@code max_tokens}
	 * @param text the answer text
	 * @return the JSON text
	 */
	String answer(SimulatedReply reply, long maxTokens, String text);

	/**
	 * The body of a 429.
	 * @param rejection the rejection
	 * @return the JSON text
	 */
	String rateLimitError(Rejection rejection);

	/**
	 * The body of a 400.
	 * @param message what is wrong
	 * @return the JSON text
	 */
	String invalidRequest(String message);

	/**
	 * All text of a message's content: a string, or a list of blocks with {@code text}.
	 * @param text where to append
	 * @param content the content node
	 */
	static void appendText(StringBuilder text, JsonNode content) {
		if (content.isString()) {
			text.append(content.asString());
		}
		else if (content.isArray()) {
			content.forEach((block) -> text.append(block.path("text").asString("")));
		}
	}

}
