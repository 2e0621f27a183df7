package dev.llmratelimit.springai.internal;

import java.util.Optional;

import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Reads Spring AI's {@link Prompt}: model and max tokens from its {@link ChatOptions}, and
 * the text of its messages.
 */
public final class SpringAiRequestInspector implements RequestInspector {

	@Override
	public Optional<LlmRequestInfo> inspect(Object argument) {
		if (!(argument instanceof Prompt prompt)) {
			return Optional.empty();
		}
		StringBuilder text = new StringBuilder();
		for (Message message : prompt.getInstructions()) {
			if (message.getText() != null) {
				text.append(message.getText()).append('\n');
			}
		}
		ChatOptions options = prompt.getOptions();
		String model = (options != null) ? options.getModel() : null;
		Integer maxTokens = (options != null) ? options.getMaxTokens() : null;
		return Optional.of(new LlmRequestInfo(model, (maxTokens != null) ? maxTokens.longValue() : null, text, null));
	}

	@Override
	public Optional<Object> withModel(Object argument, String model) {
		if (!(argument instanceof Prompt prompt)) {
			return Optional.empty();
		}
		ChatOptions options = prompt.getOptions();
		ChatOptions named = (options != null) ? options.mutate().model(model).build()
				: ChatOptions.builder().model(model).build();
		return Optional.of(prompt.mutate().chatOptions(named).build());
	}

}
