package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetContractTests;
import dev.llmratelimit.store.BudgetStore;

/**
 * The budget contract, in a real Redis. The scripts read the test's manual clock instead
 * of the server's {@code TIME}, so that time moves only when a test says so. Waiters that
 * stop polling leave the queue in Redis (see {@link RedisBudgetStoreTests}); here they are
 * given an hour, as tests move time by minutes.
 */
class RedisBudgetContractTests extends BudgetContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		return ContractStores.onTheSharedServer(time, leaseTimeout, admissionMargin, observationLag);
	}

}
