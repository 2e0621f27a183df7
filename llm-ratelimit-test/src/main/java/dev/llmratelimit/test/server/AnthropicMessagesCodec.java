package dev.llmratelimit.test.server;

import java.util.List;

import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedReply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API: {@code model}, {@code max_tokens} (required), {@code system}
 * and {@code messages} in; a {@code message} with {@code usage} out; errors as
 * {@code {"type":"error","error":{"type":...,"message":...}}}.
 */
final class AnthropicMessagesCodec implements WireCodec {

	private final JsonMapper json;

	AnthropicMessagesCodec(JsonMapper json) {
		this.json = json;
	}

	@Override
	public List<String> paths() {
		return List.of("/v1/messages");
	}

	@Override
	public ParsedRequest parse(JsonNode body) {
		String model = body.path("model").asString("");
		JsonNode maxTokens = body.path("max_tokens");
		JsonNode messages = body.path("messages");
		if (model.isBlank()) {
			return ParsedRequest.invalid("model: Field required");
		}
		if (!maxTokens.isIntegralNumber()) {
			return ParsedRequest.invalid("max_tokens: Field required");
		}
		if (maxTokens.asLong() < 1) {
			return ParsedRequest.invalid("max_tokens: Input should be greater than or equal to 1");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			return ParsedRequest.invalid("messages: at least one message is required");
		}
		StringBuilder text = new StringBuilder();
		WireCodec.appendText(text, body.path("system"));
		messages.forEach((message) -> WireCodec.appendText(text, message.path("content")));
		return new ParsedRequest(model, text.toString(), maxTokens.asLong(), null);
	}

	@Override
	public String answer(SimulatedReply reply, long maxTokens, String text) {
		ObjectNode message = this.json.createObjectNode();
		message.put("id", "msg_" + reply.requestId().substring("req_".length()));
		message.put("type", "message");
		message.put("role", "assistant");
		message.put("model", reply.model());
		ObjectNode block = message.putArray("content").addObject();
		block.put("type", "text");
		block.put("text", text);
		message.put("stop_reason", (reply.outputTokens() >= maxTokens) ? "max_tokens" : "end_turn");
		message.putNull("stop_sequence");
		ObjectNode usage = message.putObject("usage");
		usage.put("input_tokens", reply.inputTokens());
		usage.put("output_tokens", reply.outputTokens());
		usage.put("cache_creation_input_tokens", 0);
		usage.put("cache_read_input_tokens", 0);
		return message.toString();
	}

	@Override
	public String rateLimitError(Rejection rejection) {
		return error("rate_limit_error", rejection.message(), rejection.requestId());
	}

	@Override
	public String invalidRequest(String message) {
		return error("invalid_request_error", message, null);
	}

	private String error(String type, String message, String requestId) {
		ObjectNode body = this.json.createObjectNode();
		body.put("type", "error");
		ObjectNode error = body.putObject("error");
		error.put("type", type);
		error.put("message", message);
		body.put("request_id", requestId);
		return body.toString();
	}

}
