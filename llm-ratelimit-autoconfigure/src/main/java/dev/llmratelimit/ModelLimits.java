package dev.llmratelimit;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Immutable limits and accounting settings of one model (or of a group of model ids that
 * share one budget). Build one with {@link #builder(String)}.
 *
 * <pre>{@code
 * ModelLimits limits = ModelLimits.builder("claude-sonnet-4-5")
 *     .provider("anthropic")
 *     .limit(Meter.REQUESTS_PER_MINUTE, 50)
 *     .limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000)
 *     .limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
 *     .defaultMaxTokens(1024)
 *     .build();
 * }</pre>
 */
public final class ModelLimits {

	/** Output tokens reserved when neither the call nor the model says how many. */
	public static final long DEFAULT_MAX_TOKENS = 1024;

	/** Share of each meter that {@link Priority#LOW} calls leave to the others by default. */
	public static final double DEFAULT_LOW_PRIORITY_RESERVE = 0.2;

	private final String model;

	private final String provider;

	private final Map<Meter, Long> limits;

	private final long defaultMaxTokens;

	private final Set<String> aliases;

	private final Duration pacingInterval;

	private final OutputReservation outputReservation;

	private final Boolean cacheReadsCountAsInput;

	private final InputOutputCost inputOutputCost;

	private final Refill refill;

	private final List<String> fallbacks;

	private final Duration fallbackAfter;

	private final double lowPriorityReserve;

	private final double maxSharePerKey;

	private final DailyReset dailyReset;

	private final ZoneId dailyResetZone;

	private final boolean externalConsumption;

	private ModelLimits(Builder builder) {
		this.model = builder.model;
		this.provider = builder.provider;
		this.limits = Collections.unmodifiableMap(new EnumMap<>(builder.limits));
		this.defaultMaxTokens = builder.defaultMaxTokens;
		this.aliases = Collections.unmodifiableSet(new LinkedHashSet<>(builder.aliases));
		this.pacingInterval = builder.pacingInterval;
		this.outputReservation = builder.outputReservation;
		this.cacheReadsCountAsInput = builder.cacheReadsCountAsInput;
		this.inputOutputCost = builder.inputOutputCost;
		this.refill = builder.refill;
		this.fallbacks = List.copyOf(builder.fallbacks);
		this.fallbackAfter = builder.fallbackAfter;
		this.lowPriorityReserve = builder.lowPriorityReserve;
		this.maxSharePerKey = builder.maxSharePerKey;

		this.dailyReset = builder.dailyReset;
		this.dailyResetZone = builder.dailyResetZone;
		this.externalConsumption = builder.externalConsumption;
	}

	/**
	 * Starts building the limits of a model.
	 * @param model the model id
	 * @return a builder with no meter limited
	 */
	public static Builder builder(String model) {
		return new Builder(model);
	}

	/**
	 * Limits of a model nothing is known about yet: every meter unlimited until the
	 * provider's headers reveal it.
	 * @param model the model id
	 * @return limits with no meter set
	 */
	public static ModelLimits unconfigured(String model) {
		return builder(model).build();
	}

	/**
	 * Copies these limits into a new builder.
	 * @return a builder holding the same values
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.model).provider(this.provider)
			.defaultMaxTokens(this.defaultMaxTokens)
			.pacingInterval(this.pacingInterval)
			.outputReservation(this.outputReservation)
			.cacheReadsCountAsInput(this.cacheReadsCountAsInput)
			.inputOutputCost(this.inputOutputCost)
			.refill(this.refill)
			.fallbacks(this.fallbacks)
			.fallbackAfter(this.fallbackAfter)
			.lowPriorityReserve(this.lowPriorityReserve)
			.maxSharePerKey(this.maxSharePerKey)
			.dailyReset(this.dailyReset, this.dailyResetZone)
			.externalConsumption(this.externalConsumption);
		this.limits.forEach(builder::limit);
		this.aliases.forEach(builder::alias);
		return builder;
	}

	/**
	 * Model id.
	 * @return the id this budget is registered under
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Provider dialect ({@code anthropic}, {@code openai}, ...), or {@code null} to detect
	 * it from the response headers.
	 * @return the provider id or {@code null}
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * Configured limit of a meter.
	 * @param meter the meter
	 * @return the limit, empty when the meter is unlimited (until headers reveal it)
	 */
	public OptionalLong limit(Meter meter) {
		Long limit = this.limits.get(meter);
		return (limit != null) ? OptionalLong.of(limit) : OptionalLong.empty();
	}

	/**
	 * All configured limits.
	 * @return an unmodifiable map from meter to limit
	 */
	public Map<Meter, Long> limits() {
		return this.limits;
	}

	/**
	 * Output tokens reserved for a call that does not say its max tokens.
	 * @return the default max tokens
	 */
	public long defaultMaxTokens() {
		return this.defaultMaxTokens;
	}

	/**
	 * Other model ids that share this budget.
	 * @return an unmodifiable set of aliases
	 */
	public Set<String> aliases() {
		return this.aliases;
	}

	/**
	 * Minimum spacing between request starts, or {@code null} when starts are not paced.
	 * @return the pacing interval or {@code null}
	 */
	public Duration pacingInterval() {
		return this.pacingInterval;
	}

	/**
	 * How output tokens are reserved at admission.
	 * @return the output reservation mode
	 */
	public OutputReservation outputReservation() {
		return this.outputReservation;
	}

	/**
	 * Whether prompt-cache reads count toward input-token meters, {@code null} for the
	 * provider's default.
	 * @return the setting or {@code null}
	 */
	public Boolean cacheReadsCountAsInput() {
		return this.cacheReadsCountAsInput;
	}

	/**
	 * How input and output combine on a tokens-per-minute meter at admission, {@code null}
	 * for the provider's default.
	 * @return the formula or {@code null}
	 */
	public InputOutputCost inputOutputCost() {
		return this.inputOutputCost;
	}

	/**
	 * How spent budget comes back, {@code null} for the provider's default.
	 * @return the refill mode or {@code null}
	 */
	public Refill refill() {
		return this.refill;
	}

	/**
	 * Models tried, in order, when this one cannot admit a call within
	 * {@link #fallbackAfter()}.
	 * @return an unmodifiable list of model ids, empty when the call always waits here
	 */
	public List<String> fallbacks() {
		return this.fallbacks;
	}

	/**
	 * Longest wait on this model before a call is routed to a fallback that admits it
	 * sooner.
	 * @return the wait, zero to route as soon as this model cannot admit at once
	 */
	public Duration fallbackAfter() {
		return this.fallbackAfter;
	}

	/**
	 * Share of each meter's limit that {@link Priority#LOW} calls may not take, kept for
	 * the others.
	 * @return a fraction from 0 (inclusive) to 1 (exclusive)
	 */
	public double lowPriorityReserve() {
		return this.lowPriorityReserve;
	}

	/**
	 * Largest share of any meter's limit that the calls of one key (a tenant) may hold.
	 * @return a fraction above 0 and at most 1; 1 when keys are not capped
	 */
	public double maxSharePerKey() {
		return this.maxSharePerKey;
	}

	/**
	 * When the daily meters get their budget back.
	 * @return the daily reset mode
	 */
	public DailyReset dailyReset() {
		return this.dailyReset;
	}

	/**
	 * Time zone of the calendar day, for {@link DailyReset#CALENDAR}.
	 * @return the zone
	 */
	public ZoneId dailyResetZone() {
		return this.dailyResetZone;
	}

	/**
	 * Whether what others spend of the same provider budget (other applications or
	 * instances on the same key) is estimated from the provider's figures and left room.
	 * @return {@code true} to estimate it
	 */
	public boolean externalConsumption() {
		return this.externalConsumption;
	}

	/**
	 * Checks the ids of fallback models, for the fallbacks configured on a model and those
	 * a {@link ReservationRequest} names: none blank, each kept once, in order.
	 * @param fallbacks the model ids
	 * @return the checked ids
	 */
	static List<String> fallbackIds(List<String> fallbacks) {
		Objects.requireNonNull(fallbacks, "fallbacks");
		List<String> ids = new ArrayList<>(fallbacks.size());
		for (String fallback : fallbacks) {
			if (fallback == null || fallback.isBlank()) {
				throw new IllegalArgumentException("fallbacks must not be blank");
			}
			if (!ids.contains(fallback)) {
				ids.add(fallback);
			}
		}
		return ids;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof ModelLimits that)) {
			return false;
		}
		return this.defaultMaxTokens == that.defaultMaxTokens && this.model.equals(that.model)
				&& Objects.equals(this.provider, that.provider) && this.limits.equals(that.limits)
				&& this.aliases.equals(that.aliases) && Objects.equals(this.pacingInterval, that.pacingInterval)
				&& this.outputReservation == that.outputReservation
				&& Objects.equals(this.cacheReadsCountAsInput, that.cacheReadsCountAsInput)
				&& this.inputOutputCost == that.inputOutputCost && this.refill == that.refill
				&& this.fallbacks.equals(that.fallbacks) && this.fallbackAfter.equals(that.fallbackAfter)
				&& this.lowPriorityReserve == that.lowPriorityReserve && this.maxSharePerKey == that.maxSharePerKey
				&& this.dailyReset == that.dailyReset && this.dailyResetZone.equals(that.dailyResetZone)
				&& this.externalConsumption == that.externalConsumption;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.model, this.provider, this.limits, this.defaultMaxTokens, this.aliases);
	}

	@Override
	public String toString() {
		return "ModelLimits[model=" + this.model + ", provider=" + this.provider + ", limits=" + this.limits + "]";
	}

	/**
	 * How output tokens are charged at admission.
	 */
	public enum OutputReservation {

		/** Reserve the call's max tokens, then reconcile to the actual output. */
		MAX_TOKENS,

		/** Reserve the output the model is expected to produce (learned), then count actual output. */
		EXPECTED

	}

	/**
	 * How input and output combine on a combined tokens meter at admission.
	 */
	public enum InputOutputCost {

		/** Input estimate plus max tokens. */
		SUM,

		/** The larger of the input estimate and max tokens (OpenAI's documented rule). */
		MAX

	}

	/**
	 * How spent budget comes back on rate meters.
	 */
	public enum Refill {

		/** A token bucket refilling continuously at limit per window (most providers). */
		CONTINUOUS,

		/** Each admission's cost comes back one window after it was admitted (Azure OpenAI). */
		SLIDING_WINDOW

	}

	/**
	 * When the daily meters ({@link Meter#REQUESTS_PER_DAY}, {@link Meter#TOKENS_PER_DAY})
	 * get their budget back.
	 */
	public enum DailyReset {

		/** Continuously, a day's limit per 24 hours (OpenAI). */
		ROLLING,

		/** All at once at the start of each calendar day in a time zone (Gemini: Pacific). */
		CALENDAR

	}

	/**
	 * Builds {@link ModelLimits}, validating every value.
	 */
	public static final class Builder {

		private final String model;

		private String provider;

		private final Map<Meter, Long> limits = new EnumMap<>(Meter.class);

		private long defaultMaxTokens = DEFAULT_MAX_TOKENS;

		private final Set<String> aliases = new LinkedHashSet<>();

		private Duration pacingInterval;

		private OutputReservation outputReservation = OutputReservation.MAX_TOKENS;

		private Boolean cacheReadsCountAsInput;

		private InputOutputCost inputOutputCost;

		private Refill refill;

		private final List<String> fallbacks = new ArrayList<>();

		private Duration fallbackAfter = Duration.ZERO;

		private double lowPriorityReserve = DEFAULT_LOW_PRIORITY_RESERVE;

		private double maxSharePerKey = 1;

		private DailyReset dailyReset = DailyReset.ROLLING;

		private ZoneId dailyResetZone = ZoneOffset.UTC;

		private boolean externalConsumption = true;

		private Builder(String model) {
			if (model == null || model.isBlank()) {
				throw new IllegalArgumentException("model id must not be blank");
			}
			this.model = model;
		}

		/**
		 * Sets the provider dialect.
		 * @param provider a provider id, or {@code null} to detect it
		 * @return this builder
		 */
		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		/**
		 * Limits a meter.
		 * @param meter the meter
		 * @param limit the limit, positive and at most {@link Meter#MAX_AMOUNT}
		 * @return this builder
		 */
		public Builder limit(Meter meter, long limit) {
			Objects.requireNonNull(meter, "meter");
			if (limit <= 0 || limit > Meter.MAX_AMOUNT) {
				throw new IllegalArgumentException(
						meter.propertyName() + " must be positive and at most " + Meter.MAX_AMOUNT + ", was " + limit);
			}
			this.limits.put(meter, limit);
			return this;
		}

		/**
		 * Sets the output tokens reserved for calls that do not state their max tokens.
		 * @param defaultMaxTokens the default, positive
		 * @return this builder
		 */
		public Builder defaultMaxTokens(long defaultMaxTokens) {
			if (defaultMaxTokens <= 0 || defaultMaxTokens > Meter.MAX_AMOUNT) {
				throw new IllegalArgumentException(
						"default-max-tokens must be positive and at most " + Meter.MAX_AMOUNT + ", was " + defaultMaxTokens);
			}
			this.defaultMaxTokens = defaultMaxTokens;
			return this;
		}

		/**
		 * Adds a model id that shares this budget.
		 * @param alias the other model id
		 * @return this builder
		 */
		public Builder alias(String alias) {
			if (alias == null || alias.isBlank()) {
				throw new IllegalArgumentException("aliases must not be blank");
			}
			this.aliases.add(alias);
			return this;
		}

		/**
		 * Spaces request starts at least this far apart; {@code null} turns pacing off.
		 * @param pacingInterval the interval, positive, or {@code null}
		 * @return this builder
		 */
		public Builder pacingInterval(Duration pacingInterval) {
			if (pacingInterval != null && (pacingInterval.isZero() || pacingInterval.isNegative())) {
				throw new IllegalArgumentException("pacing interval must be positive, was " + pacingInterval);
			}
			this.pacingInterval = pacingInterval;
			return this;
		}

		/**
		 * Sets how output tokens are reserved.
		 * @param outputReservation the mode
		 * @return this builder
		 */
		public Builder outputReservation(OutputReservation outputReservation) {
			this.outputReservation = Objects.requireNonNull(outputReservation, "outputReservation");
			return this;
		}

		/**
		 * Sets whether prompt-cache reads count toward input meters.
		 * @param cacheReadsCountAsInput the setting, {@code null} for the provider's default
		 * @return this builder
		 */
		public Builder cacheReadsCountAsInput(Boolean cacheReadsCountAsInput) {
			this.cacheReadsCountAsInput = cacheReadsCountAsInput;
			return this;
		}

		/**
		 * Sets how input and output combine on a combined tokens meter.
		 * @param inputOutputCost the formula, {@code null} for the provider's default
		 * @return this builder
		 */
		public Builder inputOutputCost(InputOutputCost inputOutputCost) {
			this.inputOutputCost = inputOutputCost;
			return this;
		}

		/**
		 * Sets when the daily meters get their budget back.
		 * @param dailyReset rolling (the default) or at the start of each calendar day
		 * @param zone the time zone of the calendar day
		 * @return this builder
		 */
		public Builder dailyReset(DailyReset dailyReset, ZoneId zone) {
			this.dailyReset = Objects.requireNonNull(dailyReset, "dailyReset must not be null");
			this.dailyResetZone = Objects.requireNonNull(zone, "zone must not be null");
			return this;
		}

		/**
		 * Sets whether what others spend of the same provider budget is estimated and left
		 * room (default {@code true}).
		 * @param externalConsumption {@code false} to trust this budget's own bookkeeping
		 * between the provider's figures
		 * @return this builder
		 */
		public Builder externalConsumption(boolean externalConsumption) {
			this.externalConsumption = externalConsumption;
			return this;
		}

		/**
		 * Sets how spent budget comes back.
		 * @param refill the refill mode, {@code null} for the provider's default
		 * @return this builder
		 */
		public Builder refill(Refill refill) {
			this.refill = refill;
			return this;
		}

		/**
		 * Sets the models tried, in order, when this one cannot admit a call in time.
		 * @param fallbacks model ids, none blank and none this model's own id
		 * @return this builder
		 */
		public Builder fallbacks(List<String> fallbacks) {
			List<String> ids = fallbackIds(fallbacks);
			if (ids.contains(this.model)) {
				throw new IllegalArgumentException("fallbacks must not name the model itself, '" + this.model + "'");
			}
			this.fallbacks.clear();
			this.fallbacks.addAll(ids);
			return this;
		}

		/**
		 * Sets the longest wait on this model before a call is routed to a fallback that
		 * admits it sooner.
		 * @param fallbackAfter the wait, zero or more
		 * @return this builder
		 */
		public Builder fallbackAfter(Duration fallbackAfter) {
			Objects.requireNonNull(fallbackAfter, "fallbackAfter");
			if (fallbackAfter.isNegative()) {
				throw new IllegalArgumentException("fallback-after must not be negative, was " + fallbackAfter);
			}
			this.fallbackAfter = fallbackAfter;
			return this;
		}

		/**
		 * Sets the share of each meter's limit that low-priority calls leave to the others.
		 * @param lowPriorityReserve a fraction from 0 (inclusive) to 1 (exclusive)
		 * @return this builder
		 */
		public Builder lowPriorityReserve(double lowPriorityReserve) {
			if (!(lowPriorityReserve >= 0 && lowPriorityReserve < 1)) {
				throw new IllegalArgumentException(
						"low-priority-reserve must be at least 0 and below 1, was " + lowPriorityReserve);
			}
			this.lowPriorityReserve = lowPriorityReserve;
			return this;
		}

		/**
		 * Sets the largest share of any meter's limit that the calls of one key may hold.
		 * @param maxSharePerKey a fraction above 0 and at most 1 (1 caps nothing)
		 * @return this builder
		 */
		public Builder maxSharePerKey(double maxSharePerKey) {
			if (!(maxSharePerKey > 0 && maxSharePerKey <= 1)) {
				throw new IllegalArgumentException(
						"max-share-per-key must be above 0 and at most 1, was " + maxSharePerKey);
			}
			this.maxSharePerKey = maxSharePerKey;
			return this;
		}

		/**
		 * Builds the immutable limits.
		 * @return the limits
		 */
		public ModelLimits build() {
			return new ModelLimits(this);
		}

	}

}
