package dev.llmratelimit.core;

import java.time.Instant;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;

/**
 * How one provider speaks about rate limits: which headers it sends, what its refusals
 * mean, and how it charges a call to each meter.
 */
public interface ProviderDialect {

	/**
	 * Provider id used in {@code llm.ratelimit.models.*.provider}.
	 * @return the id, for example {@code anthropic}
	 */
	String id();

	/**
	 * Whether a response carries this provider's rate-limit headers, to detect the provider
	 * of a model configured without one.
	 * @param response a provider response
	 * @return {@code true} when the response is recognisably this provider's
	 */
	boolean recognizes(ProviderResponse response);

	/**
	 * Reduces a response to what the budget learns from it. Malformed values are ignored,
	 * never thrown.
	 * @param response the provider response
	 * @param now the current wall-clock time, to turn reset instants into durations
	 * @return the snapshot
	 */
	ProviderSnapshot interpret(ProviderResponse response, Instant now);

	/**
	 * Accounting rule for a model of this provider.
	 * @param limits the model's settings
	 * @return the rule
	 */
	AccountingRule accountingRule(ModelLimits limits);

	/**
	 * How this provider gives spent budget back, used when a model does not say.
	 * @return the provider's refill mode
	 */
	default ModelLimits.Refill defaultRefill() {
		return ModelLimits.Refill.CONTINUOUS;
	}

}
