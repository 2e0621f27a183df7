package dev.llmratelimit.benchmarks.utilization;

import com.anthropic.client.AnthropicClient;

/**
 * Strategy (a): no limiter, only the SDK's own retries on 429 (2 by default, honouring
 * {@code retry-after-ms}).
 */
final class SdkRetryStrategy implements Strategy {

	private final AnthropicClient client;

	private final String model;

	SdkRetryStrategy(AnthropicClient client, String model) {
		this.client = client;
		this.model = model;
	}

	@Override
	public Outcome call(Prompt prompt) {
		return SdkClients.send(this.client, this.model, prompt);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
