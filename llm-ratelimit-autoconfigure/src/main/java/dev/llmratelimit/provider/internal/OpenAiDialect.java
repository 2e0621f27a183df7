package dev.llmratelimit.provider.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * OpenAI's dialect. Headers {@code x-ratelimit-{limit,remaining,reset}-requests} describe
 * {@link Meter#REQUESTS_PER_MINUTE} and {@code ...-tokens} {@link Meter#TOKENS_PER_MINUTE};
 * resets are Go durations ({@code 6m0s}). A 429 names its meter in the body's {@code type}
 * ({@code tokens} or {@code requests}; the message tells a daily limit from a per-minute
 * one) and its wait in {@code retry-after-ms}, else {@code retry-after}, else the message
 * ("try again in 45.19s"). {@code insufficient_quota} and "Request too large" refusals are
 * {@link ResponseKind#QUOTA_EXHAUSTED}: waiting cannot make them succeed.
 * <p>
 * Accounting: a call costs its input estimate plus max tokens on the tokens meter
 * ({@link ModelLimits.InputOutputCost#SUM}, the safe default), or the larger of the two
 * ({@link ModelLimits.InputOutputCost#MAX}, OpenAI's documented rule), reconciled to the
 * reported usage.
 * <p>
 * Detection: OpenAI's own {@code openai-*} headers, or OpenAI-style rate-limit headers on
 * a response without Azure or Groq headers.
 */
public final class OpenAiDialect extends OpenAiFamilyDialect {

	/** Id of this dialect. */
	public static final String ID = "openai";

	/**
	 * Creates the dialect.
	 */
	public OpenAiDialect() {
		super(Meter.REQUESTS_PER_MINUTE, Meter.TOKENS_PER_MINUTE);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		if (ProviderMarkers.isAzure(response) || ProviderMarkers.isGroq(response)) {
			return false;
		}
		return ProviderMarkers.isOpenAi(response) || ProviderMarkers.hasOpenAiStyleHeaders(response);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
	}

	@Override
	Duration reset(String header, String value, Meter meter) {
		return GoDurationParser.parse(value);
	}

}
