package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;

/**
 * What OpenAI, Azure OpenAI and Groq share: the {@code x-ratelimit-{limit,remaining,reset}-
 * {requests,tokens}} headers and OpenAI's error body. Subclasses say which meters the two
 * header families are and how a reset is written.
 */
abstract class OpenAiFamilyDialect implements ProviderDialect {

	private static final Pattern TRY_AGAIN = Pattern
		.compile("try again in ((?:[0-9][0-9.]{0,20}(?:h|ms|m|s|us|ns)){1,6})");

	private final Meter requestsMeter;

	private final Meter tokensMeter;

	OpenAiFamilyDialect(Meter requestsMeter, Meter tokensMeter) {
		this.requestsMeter = requestsMeter;
		this.tokensMeter = tokensMeter;
	}

	/**
	 * Parses a reset header value.
	 * @param header the header name, for the log
	 * @param value the value, not {@code null}
	 * @param meter the meter the header describes
	 * @return the time until the meter is full, or {@code null}
	 */
	abstract Duration reset(String header, String value, Meter meter);

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		read(response, "requests", this.requestsMeter, readings);
		read(response, "tokens", this.tokensMeter, readings);
		if (!response.isTooManyRequests()) {
			return new ProviderSnapshot(StatusKinds.ofStatus(response.status()), readings, null, null);
		}
		ErrorBody body = ErrorBody.parse(response.body());
		Meter named = throttledMeter(body);
		if (cannotSucceedByWaiting(body)) {
			return new ProviderSnapshot(ResponseKind.QUOTA_EXHAUSTED, readings, null, named);
		}
		Duration retryAfter = RetryAfterParser.retryAfter(response, now);
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, readings,
				(retryAfter != null) ? retryAfter : waitInMessage(body), named);
	}

	/**
	 * Whether a 429 is a refusal that waiting cannot fix: out of credit
	 * ({@code insufficient_quota}) or a request larger than the whole bucket ("Request too
	 * large ..."). Both are reported as {@link ResponseKind#QUOTA_EXHAUSTED} so that callers
	 * fail at once instead of waiting.
	 */
	private static boolean cannotSucceedByWaiting(ErrorBody body) {
		return body.typeOrCodeIs("insufficient_quota") || body.messageStartsWith("Request too large");
	}

	private Meter throttledMeter(ErrorBody body) {
		Meter.Kind kind = "tokens".equals(body.type()) ? Meter.Kind.TOTAL_TOKENS
				: "requests".equals(body.type()) ? Meter.Kind.REQUESTS : MeterPhrase.kindOf(body.message());
		if (kind == null) {
			return null;
		}
		Meter named = MeterPhrase.meter(kind, MeterPhrase.windowOf(body.message()));
		if (named != null) {
			return named;
		}
		return (kind == Meter.Kind.REQUESTS) ? this.requestsMeter
				: (kind == Meter.Kind.TOTAL_TOKENS) ? this.tokensMeter : null;
	}

	private static Duration waitInMessage(ErrorBody body) {
		if (body.message() == null) {
			return null;
		}
		Matcher matcher = TRY_AGAIN.matcher(body.message());
		return matcher.find() ? GoDurationParser.parse(matcher.group(1)) : null;
	}

	private void read(ProviderResponse response, String family, Meter meter, Map<Meter, MeterReading> readings) {
		String resetHeader = "x-ratelimit-reset-" + family;
		String resetValue = response.header(resetHeader);
		MeterReading reading = new MeterReading(HeaderNumbers.limit(response, "x-ratelimit-limit-" + family),
				HeaderNumbers.remaining(response, "x-ratelimit-remaining-" + family),
				(resetValue != null) ? reset(resetHeader, resetValue, meter) : null);
		if (!reading.isEmpty()) {
			readings.put(meter, reading);
		}
	}

}
