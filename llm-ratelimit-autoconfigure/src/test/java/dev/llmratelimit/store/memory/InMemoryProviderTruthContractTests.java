package dev.llmratelimit.store.memory;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.ProviderTruthContractTests;
import dev.llmratelimit.store.memory.internal.InMemoryBudgetStore;

/**
 * What budgets learn from the provider's figures, in memory.
 */
class InMemoryProviderTruthContractTests extends ProviderTruthContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time, Duration observationLag) {
		return new InMemoryBudgetStore(time, LimiterSettings.builder()
			.leaseTimeout(LEASE_TIMEOUT)
			.admissionMargin(Duration.ZERO)
			.observationLag(observationLag)
			.build());
	}

}
