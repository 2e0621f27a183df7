package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.LlmUsage;
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
import static org.awaitility.Awaitility.await;

/**
 * A model the limiter forgets (idle, created on first use) is forgotten by the Redis store
 * too, so that a stream of distinct model names cannot grow the store's registry; one with
 * spending still to replay after an outage once it is replayed.
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
			// each name, idle for 11 minutes, is forgotten at the next call; a budget whose
			// Redis calls timed out on a loaded machine goes once its outage work is replayed
			assertThat(limiter.models()).containsExactly("release-configured", "release-name-49");
			await().atMost(Duration.ofSeconds(30)).until(() -> store.budgetedModels() == 2);
		}
	}

	@Test
	void aForgottenModelWithOutageWorkLeavesTheStoreOnceTheWorkIsReplayed() {
		try (RedisTestServer redis = RedisTestServer.start(false)) {
			LettuceConnectionFactory factory = redis.connectionFactory();
			try (RedisBudgetStore store = RedisBudgetStore.builder(factory).retryInterval(Duration.ofMillis(100)).build()) {
				BudgetLimiter limiter = BudgetLimiter.builder()
					.timeSource(this.time)
					.budgetFactory(store)
					.model(ModelLimits.builder("release-configured").limit(Meter.REQUESTS_PER_MINUTE, 1000).build())
					.build();
				redis.kill();
				// spent on the local fallback: the spending must reach Redis once it is back
				limiter.reserve("outage-name", 1, 1).complete(LlmUsage.of(1, 1));
				this.time.advance(Duration.ofMinutes(11));
				limiter.reserve("release-configured", 1, 1).cancel();
				assertThat(limiter.models()).containsExactly("release-configured");
				assertThat(store.budgetedModels()).isEqualTo(2);
				redis.restart();
				await().atMost(Duration.ofSeconds(30)).until(() -> store.budgetedModels() == 1);
			}
			finally {
				factory.destroy();
			}
		}
	}

}
