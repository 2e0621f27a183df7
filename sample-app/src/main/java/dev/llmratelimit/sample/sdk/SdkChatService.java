package dev.llmratelimit.sample.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmratelimit.annotation.LlmRateLimited;

import org.springframework.stereotype.Service;

/**
 * Asks the model through the official Anthropic Java SDK, inside the model's rate limits.
 * The annotation needs no attributes: the limiter reads the model, max tokens and input
 * from the {@link MessageCreateParams}, and the usage from the {@link Message}; the SDK
 * client bean reports every response's rate-limit headers to the limiter.
 */
@Service
public class SdkChatService {

	private final AnthropicClient client;

	/**
	 * Creates the service.
	 * @param client the SDK client bean
	 */
	public SdkChatService(AnthropicClient client) {
		this.client = client;
	}

	/**
	 * Sends a request to the Messages API.
	 * @param params the request
	 * @return the model's message
	 */
	@LlmRateLimited
	public Message chat(MessageCreateParams params) {
		return this.client.messages().create(params);
	}

}
