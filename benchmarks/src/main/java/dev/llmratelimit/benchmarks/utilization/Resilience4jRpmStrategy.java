package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;

import com.anthropic.client.AnthropicClient;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Strategy (c): a resilience4j {@link RateLimiter} admitting the requests-per-minute limit
 * per minute (its refresh period shortened by the time scale), with the SDK's default
 * retries. Tokens are not limited.
 */
final class Resilience4jRpmStrategy implements Strategy {

	private final AnthropicClient client;

	private final String model;

	private final RateLimiter limiter;

	Resilience4jRpmStrategy(AnthropicClient client, String model, long requestsPerMinute, SimulatedTime time) {
		this.client = client;
		this.model = model;
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod((int) requestsPerMinute)
			.limitRefreshPeriod(time.toReal(Duration.ofMinutes(1)))
			.timeoutDuration(Duration.ofHours(1))
			.build();
		this.limiter = RateLimiter.of("requests-per-minute", config);
	}

	@Override
	public Outcome call(Prompt prompt) {
		if (!this.limiter.acquirePermission()) {
			return Outcome.FAILED;
		}
		return SdkClients.send(this.client, this.model, prompt);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
