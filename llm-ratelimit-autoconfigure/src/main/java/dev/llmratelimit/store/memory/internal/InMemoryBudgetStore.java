package dev.llmratelimit.store.memory.internal;

import java.util.Map;
import java.util.Objects;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.store.BudgetStore;

/**
 * The default store: each model's budget lives in this JVM as a {@link LocalBudget}.
 * Always available; nothing to install.
 */
public final class InMemoryBudgetStore implements BudgetStore {

	/** Name of this store in {@code llm.ratelimit.store}. */
	public static final String NAME = "memory";

	private final TimeSource time;

	private final LimiterSettings settings;

	/**
	 * Creates the store.
	 * @param time the time source of the budgets
	 * @param settings the lease timeout, admission margin and observation lag of the budgets
	 */
	public InMemoryBudgetStore(TimeSource time, LimiterSettings settings) {
		this.time = Objects.requireNonNull(time, "time");
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	@Override
	public Budget create(ModelLimits limits) {
		return new LocalBudget(limits, this.time, this.settings);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("leaseTimeout", this.settings.leaseTimeout(), "admissionMargin",
				this.settings.admissionMargin(), "observationLag", this.settings.observationLag());
	}

}
