package dev.llmratelimit.provider.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Time from now until an instant a provider named.
 */
final class Waits {

	private Waits() {
	}

	/**
	 * Time until an instant: zero when it has passed, {@code null} (ignored with a debug log)
	 * when it lies more than a day ahead.
	 * @param until the instant
	 * @param now the current time
	 * @param header the header the instant came from, for the log
	 * @param value the header value, for the log
	 * @return the wait or {@code null}
	 */
	static Duration until(Instant until, Instant now, String header, String value) {
		if (!until.isAfter(now)) {
			return Duration.ZERO;
		}
		Duration wait = Duration.between(now, until);
		if (wait.compareTo(Durations.MAX) > 0) {
			IgnoredValues.ignore(header, value, "more than " + Durations.MAX + " ahead");
			return null;
		}
		return wait;
	}

}
