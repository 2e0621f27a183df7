package dev.llmratelimit.springai.internal;

import dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;

/**
 * Adds the {@link LlmRateLimitChatClientAdvisor} to every {@code ChatClient.Builder} that
 * Spring AI's auto-configuration creates, so that {@code ChatClient} users get rate
 * limiting with no code.
 */
public final class LlmRateLimitChatClientCustomizer implements ChatClientBuilderCustomizer {

	private final LlmRateLimitChatClientAdvisor advisor;

	/**
	 * Creates the customizer.
	 * @param advisor the advisor to add
	 */
	public LlmRateLimitChatClientCustomizer(LlmRateLimitChatClientAdvisor advisor) {
		this.advisor = advisor;
	}

	@Override
	public void customize(ChatClient.Builder builder) {
		builder.defaultAdvisors(this.advisor);
	}

}
