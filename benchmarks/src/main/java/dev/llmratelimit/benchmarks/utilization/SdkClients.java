package dev.llmratelimit.benchmarks.utilization;

import java.net.URI;
import java.time.Duration;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;

/**
 * The official Anthropic Java SDK pointed at the simulator.
 */
final class SdkClients {

	private SdkClients() {
	}

	/**
	 * A client with the given number of retries (the SDK's default is 2).
	 * @param baseUrl the simulator's URL
	 * @param maxRetries retries after a 429 or other retryable failure
	 * @return the client
	 */
	static AnthropicClient client(URI baseUrl, int maxRetries) {
		return AnthropicOkHttpClient.builder()
			.baseUrl(baseUrl.toString())
			.apiKey("sk-ant-simulated")
			.maxRetries(maxRetries)
			.timeout(Duration.ofMinutes(5))
			.build();
	}

	/**
	 * The Messages API request of a prompt.
	 * @param model the model id
	 * @param prompt the prompt
	 * @return the request parameters
	 */
	static MessageCreateParams params(String model, Prompt prompt) {
		return MessageCreateParams.builder()
			.model(model)
			.maxTokens(prompt.maxTokens())
			.addUserMessage(prompt.text())
			.build();
	}

	/**
	 * The outcome of an answer.
	 * @param message the answer
	 * @return a completed outcome with the answer's usage
	 */
	static Outcome outcome(Message message) {
		return Outcome.completed(message.usage().inputTokens(), message.usage().outputTokens());
	}

	/**
	 * Sends a prompt, the SDK retrying 429s as configured.
	 * @param client the client
	 * @param model the model id
	 * @param prompt the prompt
	 * @return the outcome; failed when the last attempt was refused with 429
	 */
	static Outcome send(AnthropicClient client, String model, Prompt prompt) {
		try {
			return outcome(client.messages().create(params(model, prompt)));
		}
		catch (RateLimitException ex) {
			return Outcome.FAILED;
		}
	}

}
