package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelLimits.InputOutputCost;
import dev.llmratelimit.ModelLimits.OutputReservation;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.StandardAccountingRule;

/**
 * Anthropic's dialect (Messages API).
 * <p>
 * Headers: {@code anthropic-ratelimit-requests-*} describe
 * {@link Meter#REQUESTS_PER_MINUTE}, {@code -input-tokens-*}
 * {@link Meter#INPUT_TOKENS_PER_MINUTE} and {@code -output-tokens-*}
 * {@link Meter#OUTPUT_TOKENS_PER_MINUTE}; each reset is an RFC 3339 instant when the bucket
 * will be full. Remaining token figures are rounded to the nearest thousand and read as
 * that range ({@link MeterReading#remainingRounding()}); request figures are exact. The
 * {@code anthropic-ratelimit-tokens-*} family is deliberately not read:
 * it is not a limit of its own but a view of the most restrictive of the input and output
 * limits (or their sum), so keeping it as {@link Meter#TOKENS_PER_MINUTE} would charge
 * every call twice against the same quota and admit less than the provider allows.
 * <p>
 * Refusals: a 429 {@code rate_limit_error} is {@link ResponseKind#RATE_LIMITED} with its
 * {@code retry-after} and the meter its message names (or, failing that, one the headers
 * show empty); a 429 whose {@code details.error_code} is {@code enforced_spend_limit_reached}
 * is {@link ResponseKind#QUOTA_EXHAUSTED} (a spend cap: waiting does not help); a 529 or an
 * {@code overloaded_error} is {@link ResponseKind#OVERLOADED}, not a quota signal.
 * <p>
 * Accounting: input meters count input plus cache-creation tokens, not cache reads (set
 * {@code cacheReadsCountAsInput} for the older models that count them). Output is either
 * reserved as max tokens and reconciled ({@link OutputReservation#MAX_TOKENS}, the
 * default) or reserved as an expected output learned from this model's past outputs and
 * counted as actual ({@link OutputReservation#EXPECTED}, see
 * {@link ExpectedOutputAccountingRule}).
 * <p>
 * Detection: any {@code anthropic-*} header.
 */
public final class AnthropicDialect implements ProviderDialect {

	/** Id of this dialect. */
	public static final String ID = "anthropic";

	private static final int OVERLOADED_STATUS = 529;

	/** Anthropic rounds remaining token figures to the nearest thousand. */
	private static final double TOKEN_ROUNDING = 1000;

	private static final Map<String, Meter> FAMILIES = Map.of("requests", Meter.REQUESTS_PER_MINUTE, "input-tokens",
			Meter.INPUT_TOKENS_PER_MINUTE, "output-tokens", Meter.OUTPUT_TOKENS_PER_MINUTE);

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return ProviderMarkers.isAnthropic(response);
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		FAMILIES.forEach((family, meter) -> read(response, family, meter, now, readings));
		if (response.status() == OVERLOADED_STATUS) {
			return new ProviderSnapshot(ResponseKind.OVERLOADED, readings, null, null);
		}
		if (!response.isTooManyRequests()) {
			ErrorBody body = (response.status() >= 400) ? ErrorBody.parse(response.body()) : ErrorBody.NONE;
			ResponseKind kind = "overloaded_error".equals(body.type()) ? ResponseKind.OVERLOADED
					: StatusKinds.ofStatus(response.status());
			return new ProviderSnapshot(kind, readings, null, null);
		}
		ErrorBody body = ErrorBody.parse(response.body());
		if ("enforced_spend_limit_reached".equals(body.detailCode())) {
			return new ProviderSnapshot(ResponseKind.QUOTA_EXHAUSTED, readings, null, null);
		}
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, readings, RetryAfterParser.retryAfter(response, now),
				throttledMeter(body, readings));
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		InputOutputCost cost = (limits.inputOutputCost() != null) ? limits.inputOutputCost() : InputOutputCost.SUM;
		boolean cacheReads = Boolean.TRUE.equals(limits.cacheReadsCountAsInput());
		if (limits.outputReservation() == OutputReservation.EXPECTED) {
			return new ExpectedOutputAccountingRule(cost, cacheReads, new ExpectedOutputEstimator());
		}
		return new StandardAccountingRule(cost, cacheReads);
	}

	private static Meter throttledMeter(ErrorBody body, Map<Meter, MeterReading> readings) {
		Meter named = MeterPhrase.meterOf(body.message());
		if (named != null) {
			return named;
		}
		for (Map.Entry<Meter, MeterReading> entry : readings.entrySet()) {
			Double remaining = entry.getValue().remaining();
			if (remaining != null && remaining == 0) {
				return entry.getKey();
			}
		}
		return null;
	}

	private static void read(ProviderResponse response, String family, Meter meter, Instant now,
			Map<Meter, MeterReading> readings) {
		String prefix = "anthropic-ratelimit-" + family + "-";
		String resetHeader = prefix + "reset";
		Duration reset = Rfc3339Parser.untilInstant(resetHeader, response.header(resetHeader), now);
		MeterReading reading = new MeterReading(HeaderNumbers.limit(response, prefix + "limit"),
				HeaderNumbers.remaining(response, prefix + "remaining"), reset,
				(meter == Meter.REQUESTS_PER_MINUTE) ? 0 : TOKEN_ROUNDING);
		if (!reading.isEmpty()) {
			readings.put(meter, reading);
		}
	}

}
