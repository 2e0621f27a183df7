package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.PriorityAndKeyShareContractTests;

/**
 * The rules of priorities and keys, in a real Redis, the scripts reading the test's manual
 * clock.
 */
class RedisPriorityAndKeyShareContractTests extends PriorityAndKeyShareContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time) {
		return ContractStores.onTheSharedServer(time, LEASE_TIMEOUT, Duration.ZERO, Duration.ZERO);
	}

}
