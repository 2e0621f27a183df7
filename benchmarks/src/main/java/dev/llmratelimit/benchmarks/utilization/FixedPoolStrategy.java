package dev.llmratelimit.benchmarks.utilization;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.anthropic.client.AnthropicClient;

/**
 * Strategy (b): calls run on a fixed pool of threads, sized by the rule of thumb "tokens
 * per minute ÷ tokens per request", with the SDK's default retries. Workers queue for a
 * pool thread.
 */
final class FixedPoolStrategy implements Strategy {

	private final AnthropicClient client;

	private final String model;

	private final ExecutorService pool;

	FixedPoolStrategy(AnthropicClient client, String model, int size) {
		this.client = client;
		this.model = model;
		this.pool = Executors.newFixedThreadPool(size);
	}

	@Override
	public Outcome call(Prompt prompt) throws InterruptedException {
		try {
			return this.pool.submit(() -> SdkClients.send(this.client, this.model, prompt)).get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Call failed", ex.getCause());
		}
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
		this.client.close();
	}

}
