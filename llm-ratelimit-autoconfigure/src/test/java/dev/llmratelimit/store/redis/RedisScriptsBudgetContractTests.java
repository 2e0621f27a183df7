package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.store.BudgetContractTests;
import dev.llmratelimit.store.BudgetStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget contract on Redis 6.2 (embedded-redis's binary, started whatever the machine
 * has installed), where the store sends its operations as scripts ({@code EVALSHA}) and
 * waits for settlements: the other way the store runs, beside the Redis 7 functions of
 * {@link RedisBudgetContractTests}, so that every build tests both.
 */
class RedisScriptsBudgetContractTests extends BudgetContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		return ContractStores.onRedis6(time, leaseTimeout, admissionMargin, observationLag);
	}

	@Test
	void operationsShouldRunAsScriptsOnRedis6() {
		assertThat(RedisTestServer.sharedRedis6().version()).startsWith("6.2.");
		try (RedisBudgetStore store = (RedisBudgetStore) createStore(this.time, LEASE_TIMEOUT, Duration.ZERO,
				Duration.ZERO)) {
			ModelLimits limits = ModelLimits.builder("redis-6").limit(Meter.TOKENS_PER_MINUTE, 1000).build();
			Cost tokens = Cost.builder().set(Meter.TOKENS_PER_MINUTE, 400).build();
			assertThat(store.create(limits).acquire(tokens, 0).status()).isEqualTo(Status.GRANTED);
			assertThat(store.details()).containsEntry("scripts", "scripts");
		}
	}

}
