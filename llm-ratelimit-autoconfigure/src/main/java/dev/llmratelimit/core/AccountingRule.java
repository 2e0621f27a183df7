package dev.llmratelimit.core;

import dev.llmratelimit.LlmUsage;

/**
 * How a provider charges a call to each meter: at admission, after a successful call, and
 * after a failed one. Providers differ (see {@code shared/PROVIDERS.md}); each dialect
 * supplies its rule.
 */
public interface AccountingRule {

	/**
	 * Cost reserved at admission.
	 * @param inputTokens estimated input tokens
	 * @param maxTokens output tokens the call may produce
	 * @return the cost to reserve
	 */
	Cost admissionCost(long inputTokens, long maxTokens);

	/**
	 * Cost of a call that returned, given the usage the provider reported.
	 * @param reserved what was reserved at admission
	 * @param usage the reported usage
	 * @return what the call really cost
	 */
	Cost usageCost(Cost reserved, LlmUsage usage);

	/**
	 * Input tokens of a call that count toward the input meters under this rule: what the
	 * input calibration compares with the estimate.
	 * @param usage the reported usage
	 * @return the counted input tokens
	 */
	default long countedInputTokens(LlmUsage usage) {
		return usage.inputTokens() + usage.cacheCreationInputTokens();
	}

	/**
	 * Cost of a call that failed for a reason other than the provider's rate limit.
	 * @param reserved what was reserved at admission
	 * @return what the failed call still costs
	 */
	Cost failureCost(Cost reserved);

	/**
	 * Cost of a call the provider refused with a rate-limit error.
	 * @param reserved what was reserved at admission
	 * @return what the refused call still costs
	 */
	default Cost throttledCost(Cost reserved) {
		return Cost.ZERO;
	}

}
