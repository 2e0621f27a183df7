package dev.llmratelimit.core.internal;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelLimits.InputOutputCost;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.Cost;

/**
 * The common accounting rule: one request on request meters and the concurrency counter,
 * the input estimate on input meters, max tokens on output meters, both on combined token
 * meters; reconciled to the reported usage after the call. A failed call keeps its request
 * and input and gives back its output.
 */
public class StandardAccountingRule implements AccountingRule {

	private final InputOutputCost inputOutputCost;

	private final boolean cacheReadsCountAsInput;

	/**
	 * Creates the rule.
	 * @param inputOutputCost how input and output combine on combined meters at admission
	 * @param cacheReadsCountAsInput whether prompt-cache reads count toward input meters
	 */
	public StandardAccountingRule(InputOutputCost inputOutputCost, boolean cacheReadsCountAsInput) {
		this.inputOutputCost = (inputOutputCost != null) ? inputOutputCost : InputOutputCost.SUM;
		this.cacheReadsCountAsInput = cacheReadsCountAsInput;
	}

	/**
	 * Creates the rule a model's settings ask for, with the given provider defaults.
	 * @param limits the model's settings
	 * @param defaultCost the provider's default combination of input and output
	 * @param defaultCacheReadsCount the provider's default for cache reads
	 * @return the rule
	 */
	public static StandardAccountingRule forModel(ModelLimits limits, InputOutputCost defaultCost,
			boolean defaultCacheReadsCount) {
		InputOutputCost cost = (limits.inputOutputCost() != null) ? limits.inputOutputCost() : defaultCost;
		boolean cacheReads = (limits.cacheReadsCountAsInput() != null) ? limits.cacheReadsCountAsInput()
				: defaultCacheReadsCount;
		return new StandardAccountingRule(cost, cacheReads);
	}

	@Override
	public Cost admissionCost(long inputTokens, long maxTokens) {
		long combined = (this.inputOutputCost == InputOutputCost.MAX) ? Math.max(inputTokens, maxTokens)
				: inputTokens + maxTokens;
		return Cost.builder()
			.setAll(Meter.Kind.REQUESTS, 1)
			.setAll(Meter.Kind.CONCURRENCY, 1)
			.setAll(Meter.Kind.INPUT_TOKENS, inputTokens)
			.setAll(Meter.Kind.OUTPUT_TOKENS, maxTokens)
			.setAll(Meter.Kind.TOTAL_TOKENS, combined)
			.build();
	}

	@Override
	public Cost usageCost(Cost reserved, LlmUsage usage) {
		long input = countedInput(usage);
		return Cost.builder()
			.setAll(Meter.Kind.REQUESTS, 1)
			.setAll(Meter.Kind.INPUT_TOKENS, input)
			.setAll(Meter.Kind.OUTPUT_TOKENS, usage.outputTokens())
			.setAll(Meter.Kind.TOTAL_TOKENS, input + usage.outputTokens())
			.build();
	}

	@Override
	public Cost failureCost(Cost reserved) {
		double input = reserved.amount(Meter.INPUT_TOKENS_PER_MINUTE);
		return Cost.builder()
			.setAll(Meter.Kind.REQUESTS, 1)
			.setAll(Meter.Kind.INPUT_TOKENS, input)
			.setAll(Meter.Kind.TOTAL_TOKENS, input)
			.build();
	}

	@Override
	public long countedInputTokens(LlmUsage usage) {
		return countedInput(usage);
	}

	/**
	 * Input tokens that count toward input meters under this rule.
	 * @param usage the reported usage
	 * @return the counted input tokens
	 */
	protected long countedInput(LlmUsage usage) {
		long input = usage.inputTokens() + usage.cacheCreationInputTokens();
		return this.cacheReadsCountAsInput ? input + usage.cacheReadInputTokens() : input;
	}

}
