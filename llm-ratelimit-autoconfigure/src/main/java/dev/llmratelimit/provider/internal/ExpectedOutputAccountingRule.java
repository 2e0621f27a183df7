package dev.llmratelimit.provider.internal;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ModelLimits.InputOutputCost;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * The standard rule, except that output meters reserve the output the model is expected
 * to produce (learned by an {@link ExpectedOutputEstimator} from reported usage) instead
 * of max tokens, then count the actual output. Matches Anthropic's current documentation,
 * where OTPM counts actual output only.
 */
final class ExpectedOutputAccountingRule extends StandardAccountingRule {

	private final ExpectedOutputEstimator estimator;

	/**
	 * Creates the rule.
	 * @param inputOutputCost how input and output combine on combined meters at admission
	 * @param cacheReadsCountAsInput whether prompt-cache reads count toward input meters
	 * @param estimator the model's output estimator
	 */
	public ExpectedOutputAccountingRule(InputOutputCost inputOutputCost, boolean cacheReadsCountAsInput,
			ExpectedOutputEstimator estimator) {
		super(inputOutputCost, cacheReadsCountAsInput);
		this.estimator = estimator;
	}

	@Override
	public Cost admissionCost(long inputTokens, long maxTokens) {
		return super.admissionCost(inputTokens, this.estimator.expected(maxTokens));
	}

	@Override
	public Cost usageCost(Cost reserved, LlmUsage usage) {
		this.estimator.observe(usage.outputTokens());
		return super.usageCost(reserved, usage);
	}

}
