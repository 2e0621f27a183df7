package dev.llmratelimit.usage.internal;

import java.util.List;
import java.util.Optional;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.langchain4j.internal.LangChain4jRequestInspector;
import dev.llmratelimit.springai.internal.SpringAiRequestInspector;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.UsageExtractor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composites the aspect asks.
 */
class UsageExtractorsTests {

	@Test
	void firstExtractorThatKnowsTheResultWins() {
		UsageExtractor fixed = (result) -> Optional.of(LlmUsage.of(1, 1));
		UsageExtractors extractors = new UsageExtractors(List.of(new LlmUsageExtractor(), fixed));

		assertThat(extractors.usageOf(LlmUsage.of(5, 6))).contains(LlmUsage.of(5, 6));
		assertThat(extractors.usageOf("text")).contains(LlmUsage.of(1, 1));
	}

	@Test
	void failingExtractorIsSkipped() {
		UsageExtractor failing = (result) -> {
			throw new IllegalStateException("boom");
		};
		UsageExtractors extractors = new UsageExtractors(List.of(failing, new LlmUsageExtractor()));

		assertThat(extractors.usageOf(LlmUsage.of(5, 6))).contains(LlmUsage.of(5, 6));
	}

	@Test
	void resultWithUsageAccessorIsUnderstood() {
		assertThat(new LlmUsageExtractor().usageOf(new Reply("hi", LlmUsage.of(3, 4)))).contains(LlmUsage.of(3, 4));
	}

	@Test
	void resultWithoutUsageIsNotUnderstood() {
		assertThat(new LlmUsageExtractor().usageOf("hi")).isEmpty();
		assertThat(new UsageExtractors(List.of(new LlmUsageExtractor())).usageOf(null)).isEmpty();
	}

	@Test
	void requestInspectorsCombinePartsFoundInDifferentArguments() {
		RequestInspector modelFromString = (argument) -> (argument instanceof String model)
				? Optional.of(new LlmRequestInfo(model, null, null, null)) : Optional.empty();
		RequestInspectors inspectors = new RequestInspectors(List.of(modelFromString, new LangChain4jRequestInspector()));
		dev.langchain4j.model.chat.request.ChatRequest request = dev.langchain4j.model.chat.request.ChatRequest
			.builder()
			.messages(dev.langchain4j.data.message.UserMessage.from("Hi"))
			.maxOutputTokens(64)
			.build();

		LlmRequestInfo info = inspectors.inspect("gpt-4o", request, null);

		assertThat(info.model()).isEqualTo("gpt-4o");
		assertThat(info.maxTokens()).isEqualTo(64);
		assertThat(info.inputText().toString()).isEqualTo("Hi\n");
	}

	@Test
	void requestInspectorsKnowNothingOfUnknownArguments() {
		assertThat(new RequestInspectors(List.of(new SpringAiRequestInspector())).inspect(42, "x").isEmpty()).isTrue();
	}

	record Reply(String text, LlmUsage usage) {
	}

}
