package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * Google Gemini's (and Vertex AI's) dialect. Successful responses carry no rate-limit
 * headers; a 429 {@code RESOURCE_EXHAUSTED} carries the wait in
 * {@code google.rpc.RetryInfo.retryDelay} ({@code "26s"}) and the exhausted quota in
 * {@code google.rpc.QuotaFailure} violations, whose {@code quotaId}/{@code quotaMetric}
 * name the meter ({@code GenerateContentInputTokensPerModelPerMinute-FreeTier} is
 * {@link Meter#INPUT_TOKENS_PER_MINUTE}) and whose {@code quotaValue} is its limit. A 429
 * without RetryInfo (Vertex pay-as-you-go) falls back to {@code retry-after} headers, then
 * to the limiter's default cooldown.
 * <p>
 * Accounting: the standard rule, input plus max tokens reconciled to usage.
 * <p>
 * Detection (best effort): a Google RPC error body, or {@code x-goog-*} or
 * {@code x-gemini-*} headers.
 */
public final class GeminiDialect implements ProviderDialect {

	/** Id of this dialect. */
	public static final String ID = "gemini";

	private static final String RPC_TYPE_PREFIX = "type.googleapis.com/google.rpc.";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		if (ProviderMarkers.isAnthropic(response) || ProviderMarkers.hasOpenAiStyleHeaders(response)) {
			return false;
		}
		return ProviderMarkers.hasHeaderStartingWith(response, "x-goog-")
				|| ProviderMarkers.hasHeaderStartingWith(response, "x-gemini-")
				|| (response.body() != null && response.body().contains(RPC_TYPE_PREFIX));
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		if (!response.isTooManyRequests()) {
			return new ProviderSnapshot(StatusKinds.ofStatus(response.status()), Map.of(), null, null);
		}
		ErrorBody body = ErrorBody.parse(response.body());
		Duration retryDelay = null;
		Meter throttled = null;
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		for (Object detail : JsonReader.listAt(body.root(), "error", "details")) {
			String type = JsonReader.stringAt(detail, "@type");
			if ((RPC_TYPE_PREFIX + "RetryInfo").equals(type)) {
				retryDelay = GoDurationParser.parse(JsonReader.stringAt(detail, "retryDelay"));
			}
			else if ((RPC_TYPE_PREFIX + "QuotaFailure").equals(type)) {
				for (Object violation : JsonReader.listAt(detail, "violations")) {
					Meter meter = violatedMeter(violation);
					if (meter != null) {
						throttled = (throttled != null) ? throttled : meter;
						Long limit = HeaderNumbers.limit("quotaValue", JsonReader.stringAt(violation, "quotaValue"));
						readings.put(meter, new MeterReading(limit, 0.0, null));
					}
				}
			}
		}
		Duration retryAfter = (retryDelay != null) ? retryDelay : RetryAfterParser.retryAfter(response, now);
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, readings, retryAfter, throttled);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
	}

	private static Meter violatedMeter(Object violation) {
		String quotaId = JsonReader.stringAt(violation, "quotaId");
		String quotaMetric = JsonReader.stringAt(violation, "quotaMetric");
		Meter meter = MeterPhrase.meterOf(quotaId);
		if (meter == null) {
			meter = MeterPhrase.meter(MeterPhrase.kindOf(quotaMetric), MeterPhrase.windowOf(quotaMetric));
		}
		return meter;
	}

}
