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

	private final Duration admissionMargin;

	private final Duration observationLag;

	/**
	 * Creates a store whose budgets hold no admission margin and take the provider's
	 * figures as they are (no observation lag), like the Redis store.
	 * @param time the time source of the budgets
	 * @param leaseTimeout how long an unsettled reservation holds its budget
	 */
	public InMemoryBudgetStore(TimeSource time, Duration leaseTimeout) {
		this(time, leaseTimeout, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * Creates the store.
	 * @param time the time source of the budgets
	 * @param leaseTimeout how long an unsettled reservation holds its budget
	 * @param admissionMargin refill time held back at admission (see {@link LocalBudget})
	 * @param observationLag how long before an observed response an admission is taken as
	 * not yet seen by the provider (see {@link LocalBudget})
	 */
	public InMemoryBudgetStore(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		this.time = Objects.requireNonNull(time, "time");
		this.leaseTimeout = Objects.requireNonNull(leaseTimeout, "leaseTimeout");
		this.admissionMargin = Objects.requireNonNull(admissionMargin, "admissionMargin");
		this.observationLag = Objects.requireNonNull(observationLag, "observationLag");
	}

	@Override
	public Budget create(ModelLimits limits) {
		return new LocalBudget(limits, this.time, this.leaseTimeout, this.admissionMargin, this.observationLag);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("leaseTimeout", this.leaseTimeout, "admissionMargin", this.admissionMargin, "observationLag",
				this.observationLag);
	}

}
