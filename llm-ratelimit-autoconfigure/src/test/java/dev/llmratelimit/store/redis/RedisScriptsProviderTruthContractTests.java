package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.ProviderTruthContractTests;

/**
 * What budgets learn from the provider's figures, on Redis 6.2 (embedded-redis's binary),
 * where the store sends its operations as scripts ({@code EVALSHA}): the other way the
 * store runs, beside the Redis 7 functions of {@link RedisProviderTruthContractTests}.
 */
class RedisScriptsProviderTruthContractTests extends ProviderTruthContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time, Duration observationLag) {
		return ContractStores.onRedis6(time, LEASE_TIMEOUT, Duration.ZERO, observationLag);
	}

}
