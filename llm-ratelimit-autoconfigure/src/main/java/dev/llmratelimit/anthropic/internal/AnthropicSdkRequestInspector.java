package dev.llmratelimit.anthropic.internal;

import java.util.Optional;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.internal.JsonText;

/**
 * Reads the official Anthropic Java SDK's {@link MessageCreateParams}: model, {@code max_tokens},
 * and the text of the system prompt, messages and tools.
 */
public final class AnthropicSdkRequestInspector implements RequestInspector {

	@Override
	public Optional<LlmRequestInfo> inspect(Object argument) {
		if (!(argument instanceof MessageCreateParams params)) {
			return Optional.empty();
		}
		JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
		String model = params._model().asKnown().map(Model::asString).orElse(null);
		Long maxTokens = params._maxTokens().asKnown().orElse(null);
		CharSequence text = JsonText.of(body.get("system"), body.get("messages"), body.get("tools"));
		return Optional.of(new LlmRequestInfo(model, maxTokens, text, null));
	}

	@Override
	public Optional<Object> withModel(Object argument, String model) {
		if (!(argument instanceof MessageCreateParams params)) {
			return Optional.empty();
		}
		return Optional.of(params.toBuilder().model(model).build());
	}

}
