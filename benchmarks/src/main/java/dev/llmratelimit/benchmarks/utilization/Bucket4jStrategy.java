package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;

import com.anthropic.client.AnthropicClient;
import io.github.bucket4j.Bucket;

/**
 * Strategy (d): Bucket4j token buckets charged the worst case of every request before it
 * is sent, the estimated input on an input-tokens bucket and {@code max_tokens} on an
 * output-tokens bucket (the "input + max_tokens on a TPM bucket" recipe applied to
 * Anthropic's split meters), never reconciled with the actual output. Refill periods are
 * shortened by the time scale; the SDK's default retries apply.
 */
final class Bucket4jStrategy implements Strategy {

	private final AnthropicClient client;

	private final String model;

	private final Bucket inputTokens;

	private final Bucket outputTokens;

	Bucket4jStrategy(AnthropicClient client, String model, long inputTokensPerMinute, long outputTokensPerMinute,
			SimulatedTime time) {
		this.client = client;
		this.model = model;
		Duration minute = time.toReal(Duration.ofMinutes(1));
		this.inputTokens = bucket(inputTokensPerMinute, minute);
		this.outputTokens = bucket(outputTokensPerMinute, minute);
	}

	private static Bucket bucket(long perMinute, Duration minute) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(perMinute).refillGreedy(perMinute, minute))
			.build();
	}

	@Override
	public Outcome call(Prompt prompt) throws InterruptedException {
		this.inputTokens.asBlocking().consume(prompt.estimatedInputTokens());
		this.outputTokens.asBlocking().consume(prompt.maxTokens());
		return SdkClients.send(this.client, this.model, prompt);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
