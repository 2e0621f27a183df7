package dev.llmratelimit.store.memory;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.store.BudgetContractTests;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.memory.internal.InMemoryBudgetStore;

/**
 * The budget contract, in memory.
 */
class InMemoryBudgetContractTests extends BudgetContractTests {

	@Override
	protected BudgetStore createStore(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		return new InMemoryBudgetStore(time, LimiterSettings.builder()
			.leaseTimeout(leaseTimeout)
			.admissionMargin(admissionMargin)
			.observationLag(observationLag)
			.build());
	}

}
