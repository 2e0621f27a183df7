package dev.llmratelimit.test.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI's {@code x-ratelimit-*} headers for the requests and tokens meters: limit,
 * remaining and reset (the time until the bucket is full, in Go duration syntax such as
 * {@code 6m0s} or {@code 51.189s}); 429s carry {@code retry-after} in whole seconds and
 * {@code retry-after-ms}. Input and output token meters are enforced but not reported,
 * as OpenAI has no headers for them.
 */
final class OpenAiHeaders implements RateLimitHeaders {

	@Override
	public String requestIdHeader() {
		return "x-request-id";
	}

	@Override
	public void putMeterHeaders(Map<String, String> headers, List<MeterLevel> levels, Instant now) {
		for (MeterLevel level : levels) {
			String suffix = suffix(level.meter());
			if (suffix != null) {
				headers.put("x-ratelimit-limit-" + suffix, Long.toString(level.limit()));
				headers.put("x-ratelimit-remaining-" + suffix, Long.toString((long) Math.max(0, level.level())));
				headers.put("x-ratelimit-reset-" + suffix, goDuration(level.nanosUntilFull()));
			}
		}
	}

	@Override
	public void putRetryHeaders(Map<String, String> headers, Duration retryAfter) {
		headers.put("retry-after", Long.toString(Rejection.retryAfterSeconds(retryAfter)));
		headers.put("retry-after-ms", Long.toString(ceilMillis(retryAfter.toNanos())));
	}

	@Override
	public String refusalMessage(MeterRefusal refusal, String model, long retryAfterSeconds) {
		String meter = (refusal.meter() == SimulatedMeter.REQUESTS) ? "requests per min (RPM)"
				: refusal.meter().headerFamily() + " per min (TPM)";
		if (refusal.neverFits()) {
			return String.format(Locale.ROOT,
					"Request too large for %s in organization org-simulated on %s: Limit %d, Requested %d. "
							+ "The input or output tokens must be reduced in order to run successfully.",
					model, meter, refusal.limit(), refusal.requested());
		}
		return String.format(Locale.ROOT,
				"Rate limit reached for %s in organization org-simulated on %s: Limit %d, Used %d, Requested %d. "
						+ "Please try again in %s.",
				model, meter, refusal.limit(), refusal.used(), refusal.requested(), goDuration(refusal.waitNanos()));
	}

	/**
	 * The error {@code type} of a 429 body: {@code requests} or {@code tokens}.
	 * @param meter the refusing meter
	 * @return the type
	 */
	static String errorType(SimulatedMeter meter) {
		return (meter == SimulatedMeter.REQUESTS) ? "requests" : "tokens";
	}

	/**
	 * A duration the way Go prints it, rounded up to the millisecond: {@code 12ms},
	 * {@code 1s}, {@code 51.189s}, {@code 6m0s}, {@code 1h0m0s}.
	 * @param nanos the duration
	 * @return the text
	 */
	static String goDuration(long nanos) {
		long millis = ceilMillis(nanos);
		if (millis == 0) {
			return "0s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = (millis / 60_000) % 60;
		String seconds = BigDecimal.valueOf(millis % 60_000, 3)
			.setScale(3, RoundingMode.UNNECESSARY)
			.stripTrailingZeros()
			.toPlainString();
		String text = seconds + "s";
		if (hours > 0) {
			return hours + "h" + minutes + "m" + text;
		}
		return (minutes > 0) ? minutes + "m" + text : text;
	}

	private static long ceilMillis(long nanos) {
		return Math.max(0, (nanos + 999_999) / 1_000_000);
	}

	private static String suffix(SimulatedMeter meter) {
		return switch (meter) {
			case REQUESTS -> "requests";
			case TOKENS -> "tokens";
			default -> null;
		};
	}

}
