package dev.llmratelimit.sample.chat;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.sample.anthropic.MessagesRequest;
import dev.llmratelimit.sample.anthropic.MessagesResponse;

import org.springframework.stereotype.Service;

/**
 * Answers a prompt with one Messages API call, inside the model's rate limits.
 */
@Service
public class ChatService {

	private final AnthropicClient client;

	/**
	 * Creates the service.
	 * @param client the provider client
	 */
	public ChatService(AnthropicClient client) {
		this.client = client;
	}

	/**
	 * Asks the model. The call waits for budget (up to {@code llm.ratelimit.max-wait})
	 * before it leaves, and its reservation is reconciled with the usage the provider
	 * reports.
	 * @param request the request, with its max tokens set
	 * @return the answer and its usage
	 * @throws dev.llmratelimit.LlmRateLimitExceededException when no budget frees up in
	 * time
	 * @throws dev.llmratelimit.LlmRequestTooLargeException when the request can never fit
	 * the model's limits
	 */
	@LlmRateLimited(model = "#request.model()", maxTokens = "#request.maxTokens()", inputTokens = "#request.prompt()",
			usage = "#result.usage()")
	public ChatReply chat(ChatRequest request) {
		MessagesResponse response = this.client
			.messages(MessagesRequest.ofUserPrompt(request.model(), request.maxTokens(), request.prompt()));
		MessagesResponse.Usage usage = response.usage();
		return new ChatReply(response.model(), response.text(), new LlmUsage(usage.inputTokens(),
				usage.outputTokens(), usage.cacheReadInputTokens(), usage.cacheCreationInputTokens()));
	}

}
