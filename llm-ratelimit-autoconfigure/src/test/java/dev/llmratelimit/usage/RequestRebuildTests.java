package dev.llmratelimit.usage;

import java.util.List;

import com.anthropic.models.messages.MessageCreateParams;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.llmratelimit.anthropic.internal.AnthropicSdkRequestInspector;
import dev.llmratelimit.langchain4j.internal.LangChain4jRequestInspector;
import dev.llmratelimit.openai.internal.OpenAiSdkRequestInspector;
import dev.llmratelimit.springai.internal.SpringAiRequestInspector;
import dev.llmratelimit.usage.internal.RequestInspectors;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each built-in {@link RequestInspector} rebuilds its library's request to name
 * the model a routed call was reserved on, keeping everything else.
 */
class RequestRebuildTests {

	@Test
	void anthropicMessageCreateParamsNameTheFallback() {
		MessageCreateParams params = MessageCreateParams.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(300)
			.system("Be brief.")
			.addUserMessage("Say hello")
			.build();
		MessageCreateParams rebuilt = (MessageCreateParams) new AnthropicSdkRequestInspector()
			.withModel(params, "claude-haiku-4-5")
			.orElseThrow();
		assertThat(rebuilt.model().asString()).isEqualTo("claude-haiku-4-5");
		assertThat(rebuilt.maxTokens()).isEqualTo(300);
		assertThat(rebuilt.messages()).isEqualTo(params.messages());
		assertThat(rebuilt.system()).isEqualTo(params.system());
	}

	@Test
	void openAiChatCompletionCreateParamsNameTheFallback() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4.1")
			.maxCompletionTokens(256)
			.addUserMessage("Say hello")
			.build();
		ChatCompletionCreateParams rebuilt = (ChatCompletionCreateParams) new OpenAiSdkRequestInspector()
			.withModel(params, "gpt-4.1-mini")
			.orElseThrow();
		assertThat(rebuilt.model().asString()).isEqualTo("gpt-4.1-mini");
		assertThat(rebuilt.maxCompletionTokens()).contains(256L);
		assertThat(rebuilt.messages()).isEqualTo(params.messages());
	}

	@Test
	void langChain4jChatRequestNamesTheFallback() {
		ChatRequest request = ChatRequest.builder()
			.modelName("gpt-4.1")
			.maxOutputTokens(200)
			.temperature(0.3)
			.messages(UserMessage.from("Say hello"))
			.build();
		ChatRequest rebuilt = (ChatRequest) new LangChain4jRequestInspector().withModel(request, "gpt-4.1-mini")
			.orElseThrow();
		assertThat(rebuilt.modelName()).isEqualTo("gpt-4.1-mini");
		assertThat(rebuilt.maxOutputTokens()).isEqualTo(200);
		assertThat(rebuilt.temperature()).isEqualTo(0.3);
		assertThat(rebuilt.messages()).isEqualTo(request.messages());
	}

	@Test
	void langChain4jChatRequestWithoutAModelNamesTheFallback() {
		ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Say hello")).build();
		ChatRequest rebuilt = (ChatRequest) new LangChain4jRequestInspector().withModel(request, "gpt-4.1-mini")
			.orElseThrow();
		assertThat(rebuilt.modelName()).isEqualTo("gpt-4.1-mini");
	}

	@Test
	void springAiPromptOptionsNameTheFallback() {
		Prompt prompt = new Prompt(List.of(new org.springframework.ai.chat.messages.UserMessage("Say hello")),
				ChatOptions.builder().model("claude-sonnet-4-5").maxTokens(300).temperature(0.2).build());
		Prompt rebuilt = (Prompt) new SpringAiRequestInspector().withModel(prompt, "claude-haiku-4-5").orElseThrow();
		ChatOptions options = (ChatOptions) rebuilt.getOptions();
		assertThat(options.getModel()).isEqualTo("claude-haiku-4-5");
		assertThat(options.getMaxTokens()).isEqualTo(300);
		assertThat(options.getTemperature()).isEqualTo(0.2);
		assertThat(rebuilt.getInstructions()).isEqualTo(prompt.getInstructions());
	}

	@Test
	void requestOfAnotherLibraryIsNotRebuilt() {
		assertThat(new AnthropicSdkRequestInspector().withModel("text", "m")).isEmpty();
		assertThat(new RequestInspectors(List.of(new LangChain4jRequestInspector())).withModel(42, "m")).isEmpty();
	}

}
