package dev.llmratelimit.sample.springai;

import dev.llmratelimit.annotation.LlmRateLimited;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Service;

/**
 * Asks Spring AI's Anthropic chat model, inside the model's rate limits. The annotation
 * needs no attributes: the limiter reads the model, max tokens and input from the
 * {@link Prompt}, and the usage and rate-limit headers from the {@link ChatResponse}.
 */
@Service
public class SpringAiChatService {

	private final ChatModel chatModel;

	/**
	 * Creates the service.
	 * @param chatModel Spring AI's auto-configured chat model
	 */
	public SpringAiChatService(ChatModel chatModel) {
		this.chatModel = chatModel;
	}

	/**
	 * Sends a prompt to the model.
	 * @param prompt the prompt, with the model and max tokens in its options
	 * @return the model's response
	 */
	@LlmRateLimited
	public ChatResponse chat(Prompt prompt) {
		return this.chatModel.call(prompt);
	}

}
