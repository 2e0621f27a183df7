package dev.llmratelimit.langchain4j.internal;

import java.util.Optional;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;

/**
 * Reads LangChain4j's {@link ChatRequest}: model name, max output tokens and the text of
 * its messages.
 */
public final class LangChain4jRequestInspector implements RequestInspector {

	@Override
	public Optional<LlmRequestInfo> inspect(Object argument) {
		if (!(argument instanceof ChatRequest request)) {
			return Optional.empty();
		}
		StringBuilder text = new StringBuilder();
		for (ChatMessage message : request.messages()) {
			appendText(message, text);
		}
		Integer maxTokens = request.maxOutputTokens();
		return Optional.of(new LlmRequestInfo(request.modelName(), (maxTokens != null) ? maxTokens.longValue() : null,
				text, null));
	}

	@Override
	public Optional<Object> withModel(Object argument, String model) {
		if (!(argument instanceof ChatRequest request)) {
			return Optional.empty();
		}
		ChatRequestParameters named = ChatRequestParameters.builder().modelName(model).build();
		return Optional.of(ChatRequest.builder()
			.messages(request.messages())
			.parameters(request.parameters().overrideWith(named))
			.build());
	}

	private static void appendText(ChatMessage message, StringBuilder text) {
		if (message instanceof UserMessage user) {
			for (Content content : user.contents()) {
				if (content instanceof TextContent textContent) {
					appendLine(textContent.text(), text);
				}
			}
		}
		else if (message instanceof SystemMessage system) {
			appendLine(system.text(), text);
		}
		else if (message instanceof AiMessage ai) {
			appendLine(ai.text(), text);
		}
		else if (message instanceof ToolExecutionResultMessage toolResult) {
			appendLine(toolResult.text(), text);
		}
	}

	private static void appendLine(String line, StringBuilder text) {
		if (line != null) {
			text.append(line).append('\n');
		}
	}

}
