package dev.llmratelimit.provider.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * Groq's dialect: OpenAI's header names with other meanings. {@code x-ratelimit-*-requests}
 * describe {@link Meter#REQUESTS_PER_DAY} and {@code x-ratelimit-*-tokens}
 * {@link Meter#TOKENS_PER_MINUTE}; resets are Go durations. Requests per minute and tokens
 * per day are enforced without headers: configure them. 429s read like OpenAI's.
 * <p>
 * Accounting: input plus max tokens, reconciled to usage; cached tokens do not count
 * (prompt-cache reads stay out of input meters unless the model says otherwise).
 * <p>
 * Detection (best effort): OpenAI-style rate-limit headers together with an
 * {@code x-groq-*} header such as {@code x-groq-region}. Configure {@code provider: groq}
 * when the responses reach the client without Groq's own headers; a configured provider
 * always wins over detection.
 */
public final class GroqDialect extends OpenAiFamilyDialect {

	/** Id of this dialect. */
	public static final String ID = "groq";

	/**
	 * Creates the dialect.
	 */
	public GroqDialect() {
		super(Meter.REQUESTS_PER_DAY, Meter.TOKENS_PER_MINUTE);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return ProviderMarkers.isGroq(response) && !ProviderMarkers.isAzure(response);
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
