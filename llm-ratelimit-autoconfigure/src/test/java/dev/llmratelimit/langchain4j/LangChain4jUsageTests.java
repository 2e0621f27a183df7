package dev.llmratelimit.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.langchain4j.internal.LangChain4jRequestInspector;
import dev.llmratelimit.langchain4j.internal.LangChain4jUsageExtractor;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's chat request and response, as the limiter reads them.
 */
class LangChain4jUsageTests {

	@Test
	void inspectorReadsModelNameMaxOutputTokensAndMessageText() {
		ChatRequest request = ChatRequest.builder()
			.messages(SystemMessage.from("Be brief."), UserMessage.from("Say hello"))
			.modelName("gpt-4o-mini")
			.maxOutputTokens(128)
			.build();

		LlmRequestInfo info = new LangChain4jRequestInspector().inspect(request).orElseThrow();

		assertThat(info.model()).isEqualTo("gpt-4o-mini");
		assertThat(info.maxTokens()).isEqualTo(128);
		assertThat(info.inputText().toString()).isEqualTo("Be brief.\nSay hello\n");
	}

	@Test
	void usageExtractorReadsTokenUsage() {
		ChatResponse response = ChatResponse.builder()
			.aiMessage(AiMessage.from("Hello!"))
			.tokenUsage(new TokenUsage(40, 12))
			.build();

		assertThat(new LangChain4jUsageExtractor().usageOf(response)).contains(LlmUsage.of(40, 12));
	}

	@Test
	void responseWithoutTokenUsageHasNone() {
		ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("Hello!")).build();

		assertThat(new LangChain4jUsageExtractor().usageOf(response)).isEmpty();
	}

}
