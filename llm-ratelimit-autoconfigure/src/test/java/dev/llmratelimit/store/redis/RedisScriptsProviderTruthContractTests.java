package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.ProviderTruthContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What budgets learn from the provider's figures, on Redis 6.2 (embedded-redis's binary),
 * where the store sends its operations as scripts ({@code EVALSHA}): the other way the
 * store runs, beside the Redis 7 functions of {@link RedisProviderTruthContractTests}.
 */
class RedisScriptsProviderTruthContractTests extends ProviderTruthContractTests {

	private static RedisTestServer redis;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.startRedis6();
		connectionFactory = redis.connectionFactory();
	}

	@AfterAll
	static void stop() {
		connectionFactory.destroy();
		redis.stop();
	}

	@Override
	protected BudgetStore createStore(TimeSource time, Duration observationLag) {
		return ContractStores.onTheTestsClock(connectionFactory, time, LEASE_TIMEOUT, Duration.ZERO, observationLag);
	}

}
