package dev.llmratelimit.core.internal;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;

/**
 * An {@link AccountingRule} whose every cost is checked before the engine uses it, so that
 * a rule (a custom one in particular) that computes a NaN, infinite, negative or absurdly
 * large charge fails the call with a clear message instead of corrupting a budget.
 */
final class CheckedAccountingRule implements AccountingRule {

	private final AccountingRule rule;

	private final String name;

	private CheckedAccountingRule(AccountingRule rule) {
		this.rule = rule;
		this.name = "Accounting rule " + rule.getClass().getName();
	}

	/**
	 * Wraps a rule, unless it is already checked.
	 * @param rule the rule
	 * @return the checked rule
	 */
	static AccountingRule of(AccountingRule rule) {
		return (rule instanceof CheckedAccountingRule) ? rule : new CheckedAccountingRule(rule);
	}

	@Override
	public Cost admissionCost(long inputTokens, long maxTokens) {
		return check(this.rule.admissionCost(inputTokens, maxTokens), "admissionCost");
	}

	@Override
	public Cost usageCost(Cost reserved, LlmUsage usage) {
		return check(this.rule.usageCost(reserved, usage), "usageCost");
	}

	@Override
	public long countedInputTokens(LlmUsage usage) {
		long counted = this.rule.countedInputTokens(usage);
		if (counted < 0) {
			throw new IllegalArgumentException(this.name + " counted " + counted + " input tokens; must not be negative");
		}
		return counted;
	}

	@Override
	public Cost failureCost(Cost reserved) {
		return check(this.rule.failureCost(reserved), "failureCost");
	}

	@Override
	public Cost throttledCost(Cost reserved) {
		return check(this.rule.throttledCost(reserved), "throttledCost");
	}

	private Cost check(Cost cost, String method) {
		if (cost == null) {
			throw new IllegalArgumentException(this.name + " returned no cost from " + method);
		}
		return cost.requireValid(this.name + " (" + method + ")");
	}

}
