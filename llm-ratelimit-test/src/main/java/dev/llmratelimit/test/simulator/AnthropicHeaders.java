package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's {@code anthropic-ratelimit-*} headers: limit, remaining (tokens rounded to
 * the nearest thousand) and reset (an RFC 3339 instant when the bucket is full) per meter;
 * 429s carry {@code retry-after} in whole seconds and {@code x-should-retry}.
 */
final class AnthropicHeaders implements RateLimitHeaders {

	private static final String PREFIX = "anthropic-ratelimit-";

	@Override
	public String requestIdHeader() {
		return "request-id";
	}

	@Override
	public void putMeterHeaders(Map<String, String> headers, List<MeterLevel> levels, Instant now) {
		MeterLevel input = null;
		MeterLevel output = null;
		boolean tokens = false;
		for (MeterLevel level : levels) {
			put(headers, level.meter(), level.limit(), level.level(), reset(now, level.nanosUntilFull()));
			input = (level.meter() == SimulatedMeter.INPUT_TOKENS) ? level : input;
			output = (level.meter() == SimulatedMeter.OUTPUT_TOKENS) ? level : output;
			tokens |= level.meter() == SimulatedMeter.TOKENS;
		}
		// Without a tokens-per-minute limit the combined family reports input and output
		// together, as in Anthropic's documented example.
		if (!tokens && input != null && output != null) {
			put(headers, SimulatedMeter.TOKENS, input.limit() + output.limit(), input.level() + output.level(),
					reset(now, Math.max(input.nanosUntilFull(), output.nanosUntilFull())));
		}
	}

	@Override
	public void putRetryHeaders(Map<String, String> headers, Duration retryAfter) {
		headers.put("retry-after", Long.toString(Rejection.retryAfterSeconds(retryAfter)));
		headers.put("x-should-retry", "true");
	}

	@Override
	public String refusalMessage(MeterRefusal refusal, String model, long retryAfterSeconds) {
		String prefix = "This request would exceed your organization's rate limit of "
				+ refusal.meter().headerFamily() + " per minute for model " + model;
		if (refusal.neverFits()) {
			return prefix + " on its own; reduce the prompt length or max_tokens.";
		}
		return prefix + ". Please retry after " + retryAfterSeconds + " seconds.";
	}

	private static void put(Map<String, String> headers, SimulatedMeter meter, long limit, double level,
			Instant reset) {
		String family = PREFIX + meter.headerFamily();
		headers.put(family + "-limit", Long.toString(limit));
		headers.put(family + "-remaining", Long.toString(remaining(meter, level, limit)));
		headers.put(family + "-reset", reset.toString());
	}

	private static long remaining(SimulatedMeter meter, double level, long limit) {
		if (level <= 0) {
			return 0;
		}
		if (!meter.countsTokens()) {
			return (long) Math.floor(level);
		}
		return Math.min(limit, Math.round(level / 1000) * 1000);
	}

	private static Instant reset(Instant now, long nanosUntilFull) {
		Instant full = now.plusNanos(nanosUntilFull);
		Instant seconds = full.truncatedTo(ChronoUnit.SECONDS);
		return seconds.equals(full) ? seconds : seconds.plusSeconds(1);
	}

}
