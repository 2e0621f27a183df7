package dev.llmratelimit.core.internal;

import dev.llmratelimit.ModelLimits;

/**
 * Creates the {@link Budget} of a model. A store (in memory, Redis) is a factory of budgets.
 */
@FunctionalInterface
public interface BudgetFactory {

	/**
	 * Creates or connects to the budget of a model.
	 * @param limits the model's configured limits
	 * @return the model's budget
	 */
	Budget create(ModelLimits limits);

}
