package dev.llmratelimit.provider.internal;

import java.math.BigDecimal;
import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * Azure OpenAI's dialect: OpenAI's header names ({@code -requests} =
 * {@link Meter#REQUESTS_PER_MINUTE}, {@code -tokens} = {@link Meter#TOKENS_PER_MINUTE}) and
 * error bodies, {@code retry-after-ms} on 429s.
 * <p>
 * Resets arrive as bare numbers ({@code x-ratelimit-reset-tokens: 300}) whose unit Azure
 * does not document. They are read conservatively as seconds (the longer reading, so the
 * client never believes budget returns sooner than it does), capped at the meter's window
 * since a reservation drops out of Azure's sliding window one window after admission. A
 * value with a unit ({@code 6m0s}) is read as a Go duration.
 * <p>
 * Accounting: input plus max tokens at admission and no refund for short answers; the
 * budget comes back one window after admission ({@link ModelLimits.Refill#SLIDING_WINDOW}).
 * <p>
 * Detection (best effort): OpenAI-style headers together with Azure's ({@code x-ms-*},
 * {@code apim-request-id}, {@code azureml-*}); configure {@code provider: azure-openai}
 * when a gateway strips them.
 */
public final class AzureOpenAiDialect extends OpenAiFamilyDialect {

	/** Id of this dialect. */
	public static final String ID = "azure-openai";

	private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

	/**
	 * Creates the dialect.
	 */
	public AzureOpenAiDialect() {
		super(Meter.REQUESTS_PER_MINUTE, Meter.TOKENS_PER_MINUTE);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return ProviderMarkers.isAzure(response) && ProviderMarkers.hasOpenAiStyleHeaders(response);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return new NoRefundAccountingRule(
				StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false));
	}

	@Override
	public ModelLimits.Refill defaultRefill() {
		return ModelLimits.Refill.SLIDING_WINDOW;
	}

	@Override
	Duration reset(String header, String value, Meter meter) {
		BigDecimal seconds = DecimalParser.parse(value);
		Duration reset = (seconds != null) ? Durations.ofNanos(seconds.multiply(NANOS_PER_SECOND))
				: GoDurationParser.parse(value);
		if (reset == null) {
			IgnoredValues.ignore(header, value, "neither seconds nor a Go duration of at most a day");
			return null;
		}
		Duration window = meter.window().orElse(Durations.MAX);
		return (reset.compareTo(window) > 0) ? window : reset;
	}

}
