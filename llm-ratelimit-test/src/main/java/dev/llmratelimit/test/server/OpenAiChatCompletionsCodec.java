package dev.llmratelimit.test.server;

import java.util.List;

import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedReply;
import dev.llmratelimit.test.simulator.WireFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Chat Completions API: {@code model}, {@code messages} and
 * {@code max_completion_tokens} or {@code max_tokens} (optional: {@value #DEFAULT_MAX_TOKENS}
 * when absent) in; a {@code chat.completion} with {@code usage} out; errors as
 * {@code {"error":{"message":...,"type":...,"param":null,"code":...}}}. Served at
 * {@code /v1/chat/completions} and {@code /chat/completions}, for clients whose base URL
 * ends in {@code /v1}.
 */
final class OpenAiChatCompletionsCodec implements WireCodec {

	/** The {@code max_tokens} of a request that sets none. */
	static final long DEFAULT_MAX_TOKENS = 4096;

	private final JsonMapper json;

	OpenAiChatCompletionsCodec(JsonMapper json) {
		this.json = json;
	}

	@Override
	public List<String> paths() {
		return List.of("/v1/chat/completions", "/chat/completions");
	}

	@Override
	public ParsedRequest parse(JsonNode body) {
		String model = body.path("model").asString("");
		JsonNode messages = body.path("messages");
		JsonNode maxTokens = body.path("max_completion_tokens").isMissingNode() ? body.path("max_tokens")
				: body.path("max_completion_tokens");
		if (model.isBlank()) {
			return ParsedRequest.invalid("you must provide a model parameter");
		}
		if (!messages.isArray() || messages.isEmpty()) {
			return ParsedRequest.invalid("'messages' must contain at least one message");
		}
		long max = DEFAULT_MAX_TOKENS;
		if (!maxTokens.isMissingNode() && !maxTokens.isNull()) {
			if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
				return ParsedRequest.invalid("Invalid 'max_tokens': integer below minimum value 1");
			}
			max = maxTokens.asLong();
		}
		StringBuilder text = new StringBuilder();
		messages.forEach((message) -> WireCodec.appendText(text, message.path("content")));
		return new ParsedRequest(model, text.toString(), max, null);
	}

	@Override
	public String answer(SimulatedReply reply, long maxTokens, String text) {
		ObjectNode completion = this.json.createObjectNode();
		completion.put("id", "chatcmpl-" + reply.requestId().substring("req_".length()));
		completion.put("object", "chat.completion");
		completion.put("created", 1_772_049_600L);
		completion.put("model", reply.model());
		ObjectNode choice = completion.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", text);
		choice.put("finish_reason", (reply.outputTokens() >= maxTokens) ? "length" : "stop");
		ObjectNode usage = completion.putObject("usage");
		usage.put("prompt_tokens", reply.inputTokens());
		usage.put("completion_tokens", reply.outputTokens());
		usage.put("total_tokens", reply.inputTokens() + reply.outputTokens());
		return completion.toString();
	}

	@Override
	public String rateLimitError(Rejection rejection) {
		return error(rejection.message(), WireFormat.OPENAI.rateLimitErrorType(rejection.meter()),
				"rate_limit_exceeded");
	}

	@Override
	public String invalidRequest(String message) {
		return error(message, "invalid_request_error", null);
	}

	private String error(String message, String type, String code) {
		ObjectNode body = this.json.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("message", message);
		error.put("type", type);
		error.putNull("param");
		error.put("code", code);
		return body.toString();
	}

}
