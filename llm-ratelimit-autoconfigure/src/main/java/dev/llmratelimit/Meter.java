package dev.llmratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One of the ways a provider meters a model. Each meter is named after its configuration
 * property ({@code requests-per-minute}, ...), which is also its name in the Actuator
 * endpoint and in metric tags.
 */
public enum Meter {

	/** Requests started per minute. */
	REQUESTS_PER_MINUTE(Kind.REQUESTS, Duration.ofMinutes(1)),

	/** Input and output tokens per minute together. */
	TOKENS_PER_MINUTE(Kind.TOTAL_TOKENS, Duration.ofMinutes(1)),

	/** Input tokens per minute. */
	INPUT_TOKENS_PER_MINUTE(Kind.INPUT_TOKENS, Duration.ofMinutes(1)),

	/** Output tokens per minute. */
	OUTPUT_TOKENS_PER_MINUTE(Kind.OUTPUT_TOKENS, Duration.ofMinutes(1)),

	/** Requests started per day. */
	REQUESTS_PER_DAY(Kind.REQUESTS, Duration.ofDays(1)),

	/** Input and output tokens per day together. */
	TOKENS_PER_DAY(Kind.TOTAL_TOKENS, Duration.ofDays(1)),

	/** Requests in flight at the same time; returned when a call settles, not over time. */
	CONCURRENT_REQUESTS(Kind.CONCURRENCY, null);

	/**
	 * Largest limit, and largest token count, the engine accepts anywhere: configured or
	 * learned limits, the tokens of a reservation and the usage a call reports. Far above
	 * any real quota, yet small enough that sums of such amounts stay exact in a
	 * {@code double} and never overflow a {@code long}.
	 */
	public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

	private final Kind kind;

	private final Duration window;

	private final String propertyName;

	Meter(Kind kind, Duration window) {
		this.kind = kind;
		this.window = window;
		this.propertyName = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * What this meter counts.
	 * @return the kind of quantity
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Time over which the limit refills completely, empty for {@link #CONCURRENT_REQUESTS}.
	 * @return the refill window
	 */
	public Optional<Duration> window() {
		return Optional.ofNullable(this.window);
	}

	/**
	 * Whether the meter refills continuously over time.
	 * @return {@code true} for rate meters, {@code false} for the concurrency counter
	 */
	public boolean refills() {
		return this.window != null;
	}

	/**
	 * Name of the meter as used in properties, the endpoint and metric tags.
	 * @return the kebab-case name, for example {@code tokens-per-minute}
	 */
	public String propertyName() {
		return this.propertyName;
	}

	/**
	 * Finds a meter by its property name.
	 * @param propertyName a kebab-case name such as {@code requests-per-day}
	 * @return the meter, or empty when no meter has that name
	 */
	public static Optional<Meter> fromPropertyName(String propertyName) {
		for (Meter meter : values()) {
			if (meter.propertyName.equals(propertyName)) {
				return Optional.of(meter);
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return this.propertyName;
	}

	/**
	 * What a meter counts, which decides how a call's cost is charged to it.
	 */
	public enum Kind {

		/** One unit per request. */
		REQUESTS,

		/** Input tokens. */
		INPUT_TOKENS,

		/** Output tokens. */
		OUTPUT_TOKENS,

		/** Input plus output tokens. */
		TOTAL_TOKENS,

		/** One unit per request in flight. */
		CONCURRENCY

	}

}
