package dev.llmratelimit.openai.internal;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.internal.JsonText;

/**
 * Reads the official OpenAI Java SDK's {@link ChatCompletionCreateParams}: model,
 * {@code max_completion_tokens} (or the older {@code max_tokens}), and the text of the
 * messages and tools.
 */
public final class OpenAiSdkRequestInspector implements RequestInspector {

	@Override
	@SuppressWarnings("deprecation") // max_tokens is deprecated by OpenAI but still sent by older callers
	public Optional<LlmRequestInfo> inspect(Object argument) {
		if (!(argument instanceof ChatCompletionCreateParams params)) {
			return Optional.empty();
		}
		JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
		String model = params._model().asKnown().map(ChatModel::asString).orElse(null);
		Long maxTokens = params._maxCompletionTokens().asKnown().or(() -> params._maxTokens().asKnown()).orElse(null);
		CharSequence text = JsonText.of(body.get("messages"), body.get("tools"), body.get("functions"));
		return Optional.of(new LlmRequestInfo(model, maxTokens, text, null));
	}

	@Override
	public Optional<Object> withModel(Object argument, String model) {
		if (!(argument instanceof ChatCompletionCreateParams params)) {
			return Optional.empty();
		}
		return Optional.of(params.toBuilder().model(model).build());
	}

}
