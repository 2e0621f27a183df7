package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model the limiter forgets (idle, created on first use) is forgotten by the Redis store
 * too, so that a stream of distinct model names cannot grow the store's registry.
 */
@Timeout(60)
class RedisBudgetReleaseTests {

	private static LettuceConnectionFactory connectionFactory;

	private final ManualTimeSource time = new ManualTimeSource();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.shared().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void idleModelsForgottenByTheLimiterLeaveTheStoreToo() {
		try (RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory).build()) {
			BudgetLimiter limiter = BudgetLimiter.builder()
				.timeSource(this.time)
				.budgetFactory(store)
				.maxUnconfiguredModels(2)
				.model(ModelLimits.builder("release-configured").limit(Meter.REQUESTS_PER_MINUTE, 1000).build())
				.build();
			for (int i = 0; i < 50; i++) {
				limiter.reserve("release-name-" + i, 1, 1).cancel();
				this.time.advance(Duration.ofMinutes(11));
			}
			// each name, idle for 11 minutes, is forgotten at the next call
			assertThat(limiter.models()).containsExactly("release-configured", "release-name-49");
			assertThat(store.budgetedModels()).isEqualTo(2);
		}
	}

}
