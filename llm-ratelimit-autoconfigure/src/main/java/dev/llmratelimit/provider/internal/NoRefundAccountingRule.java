package dev.llmratelimit.provider.internal;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;

/**
 * Accounting for providers that charge the whole reservation at admission and never give
 * part of it back (Azure OpenAI): a call that returns or fails keeps everything it
 * reserved except its concurrency slot. A call the provider refused with a rate limit costs
 * nothing.
 */
final class NoRefundAccountingRule implements AccountingRule {

	private final AccountingRule admission;

	/**
	 * Creates the rule.
	 * @param admission the rule that prices a call at admission
	 */
	public NoRefundAccountingRule(AccountingRule admission) {
		this.admission = admission;
	}

	@Override
	public Cost admissionCost(long inputTokens, long maxTokens) {
		return this.admission.admissionCost(inputTokens, maxTokens);
	}

	@Override
	public Cost usageCost(Cost reserved, LlmUsage usage) {
		return withoutConcurrency(reserved);
	}

	@Override
	public long countedInputTokens(LlmUsage usage) {
		return this.admission.countedInputTokens(usage);
	}

	@Override
	public Cost failureCost(Cost reserved) {
		return withoutConcurrency(reserved);
	}

	private static Cost withoutConcurrency(Cost reserved) {
		return reserved.minus(Cost.builder()
			.set(Meter.CONCURRENT_REQUESTS, reserved.amount(Meter.CONCURRENT_REQUESTS))
			.build());
	}

}
