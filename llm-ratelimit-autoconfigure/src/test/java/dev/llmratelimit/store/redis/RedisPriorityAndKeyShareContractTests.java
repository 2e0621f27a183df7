package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.PriorityAndKeyShareContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The rules of priorities and keys, in a real Redis, the scripts reading the test's manual
 * clock.
 */
class RedisPriorityAndKeyShareContractTests extends PriorityAndKeyShareContractTests {

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.shared().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Override
	protected BudgetStore createStore(TimeSource time) {
		return ContractStores.onTheTestsClock(connectionFactory, time, LEASE_TIMEOUT, Duration.ZERO, Duration.ZERO);
	}

}
