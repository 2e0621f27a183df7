package dev.llmratelimit.store.memory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Budget;
import dev.llmratelimit.core.LocalBudget;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;

/**
 * The default store: each model's budget lives in this JVM as a {@link LocalBudget}.
 * Always available; nothing to install.
 */
public final class InMemoryBudgetStore implements BudgetStore {

	/** Name of this store in {@code llm.ratelimit.store}. */
	public static final String NAME = "memory";

	private final TimeSource time;

	private final Duration leaseTimeout;

	/**
	 * Creates the store.
	 * @param time the time source of the budgets
	 * @param leaseTimeout how long an unsettled reservation holds its budget
	 */
	public InMemoryBudgetStore(TimeSource time, Duration leaseTimeout) {
		this.time = Objects.requireNonNull(time, "time");
		this.leaseTimeout = Objects.requireNonNull(leaseTimeout, "leaseTimeout");
	}

	@Override
	public Budget create(ModelLimits limits) {
		return new LocalBudget(limits, this.time, this.leaseTimeout);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("leaseTimeout", this.leaseTimeout);
	}

}
