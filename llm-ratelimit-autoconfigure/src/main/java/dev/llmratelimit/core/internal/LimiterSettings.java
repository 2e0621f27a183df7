package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link BudgetLimiter} and of the budgets it builds, immutable and
 * validated, with every default defined here once. The starter binds
 * {@code llm.ratelimit.*} into one instance; code without Spring uses {@link #builder()}.
 * A bad value fails with an {@link IllegalArgumentException} whose message starts with
 * the name of the setting's property under {@code llm.ratelimit}.
 */
public final class LimiterSettings {

	/** Default of {@link Builder#defaultMaxWait(Duration)}. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

	/** Default of {@link Builder#leaseTimeout(Duration)}. */
	public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofMinutes(5);

	/** Default of {@link Builder#admissionMargin(Duration)}. */
	public static final Duration DEFAULT_ADMISSION_MARGIN = Duration.ofMillis(500);

	/** Default of {@link Builder#observationLag(Duration)}: a generous network transit. */
	public static final Duration DEFAULT_OBSERVATION_LAG = Duration.ofMillis(200);

	/** Default of {@link Builder#maxUnconfiguredModels(int)}. */
	public static final int DEFAULT_MAX_UNCONFIGURED_MODELS = 100;

	/** Default of {@link Builder#unconfiguredModelIdleTimeout(Duration)}. */
	public static final Duration DEFAULT_UNCONFIGURED_MODEL_IDLE_TIMEOUT = Duration.ofMinutes(10);

	private static final LimiterSettings DEFAULTS = builder().build();

	private final Duration defaultMaxWait;

	private final Duration leaseTimeout;

	private final Duration admissionMargin;

	private final Duration observationLag;

	private final boolean allowUnconfiguredModels;

	private final int maxUnconfiguredModels;

	private final Duration unconfiguredModelIdleTimeout;

	private final boolean calibrateInputEstimates;

	private LimiterSettings(Builder builder) {
		this.defaultMaxWait = builder.defaultMaxWait;
		this.leaseTimeout = builder.leaseTimeout;
		this.admissionMargin = builder.admissionMargin;
		this.observationLag = builder.observationLag;
		this.allowUnconfiguredModels = builder.allowUnconfiguredModels;
		this.maxUnconfiguredModels = builder.maxUnconfiguredModels;
		this.unconfiguredModelIdleTimeout = builder.unconfiguredModelIdleTimeout;
		this.calibrateInputEstimates = builder.calibrateInputEstimates;
	}

	/**
	 * The settings with every default.
	 * @return the default settings
	 */
	public static LimiterSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Starts building settings.
	 * @return a builder holding the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Copies these settings into a new builder.
	 * @return a builder holding these settings
	 */
	public Builder toBuilder() {
		return new Builder().defaultMaxWait(this.defaultMaxWait)
			.leaseTimeout(this.leaseTimeout)
			.admissionMargin(this.admissionMargin)
			.observationLag(this.observationLag)
			.allowUnconfiguredModels(this.allowUnconfiguredModels)
			.maxUnconfiguredModels(this.maxUnconfiguredModels)
			.unconfiguredModelIdleTimeout(this.unconfiguredModelIdleTimeout)
			.calibrateInputEstimates(this.calibrateInputEstimates);
	}

	/**
	 * Longest a call waits for budget when it does not say.
	 * @return the default maximum wait
	 */
	public Duration defaultMaxWait() {
		return this.defaultMaxWait;
	}

	/**
	 * How long an unsettled reservation holds its budget before it expires.
	 * @return the lease timeout
	 */
	public Duration leaseTimeout() {
		return this.leaseTimeout;
	}

	/**
	 * Refill time a budget holds back at admission (see {@link LocalBudget}).
	 * @return the admission margin
	 */
	public Duration admissionMargin() {
		return this.admissionMargin;
	}

	/**
	 * How long before an observed response an admission may still be unseen by the provider
	 * (see {@link LocalBudget}).
	 * @return the observation lag
	 */
	public Duration observationLag() {
		return this.observationLag;
	}

	/**
	 * Whether a model that was not configured gets a budget on first use.
	 * @return whether unconfigured models are allowed
	 */
	public boolean allowUnconfiguredModels() {
		return this.allowUnconfiguredModels;
	}

	/**
	 * Most models created on first use that exist at a time.
	 * @return the cap on unconfigured models
	 */
	public int maxUnconfiguredModels() {
		return this.maxUnconfiguredModels;
	}

	/**
	 * How long an unconfigured model must go unused before it is forgotten, at the first call
	 * after it; never shorter than the lease timeout.
	 * @return the idle timeout
	 */
	public Duration unconfiguredModelIdleTimeout() {
		return this.unconfiguredModelIdleTimeout;
	}

	long unconfiguredModelIdleNanos() {
		return this.unconfiguredModelIdleTimeout.compareTo(this.leaseTimeout) >= 0
				? this.unconfiguredModelIdleTimeout.toNanos() : this.leaseTimeout.toNanos();
	}

	/**
	 * Whether input estimates are scaled by the ratio the provider's reported input showed.
	 * @return whether to calibrate input estimates
	 */
	public boolean calibrateInputEstimates() {
		return this.calibrateInputEstimates;
	}

	@Override
	public String toString() {
		return "LimiterSettings[defaultMaxWait=" + this.defaultMaxWait + ", leaseTimeout=" + this.leaseTimeout
				+ ", admissionMargin=" + this.admissionMargin + ", observationLag=" + this.observationLag
				+ ", allowUnconfiguredModels=" + this.allowUnconfiguredModels + ", maxUnconfiguredModels="
				+ this.maxUnconfiguredModels + ", unconfiguredModelIdleTimeout=" + this.unconfiguredModelIdleTimeout
				+ ", calibrateInputEstimates=" + this.calibrateInputEstimates + "]";
	}

	/**
	 * Builds {@link LimiterSettings}, checking each value as it is set.
	 */
	public static final class Builder {

		private Duration defaultMaxWait = DEFAULT_MAX_WAIT;

		private Duration leaseTimeout = DEFAULT_LEASE_TIMEOUT;

		private Duration admissionMargin = DEFAULT_ADMISSION_MARGIN;

		private Duration observationLag = DEFAULT_OBSERVATION_LAG;

		private boolean allowUnconfiguredModels = true;

		private int maxUnconfiguredModels = DEFAULT_MAX_UNCONFIGURED_MODELS;

		private Duration unconfiguredModelIdleTimeout = DEFAULT_UNCONFIGURED_MODEL_IDLE_TIMEOUT;

		private boolean calibrateInputEstimates = true;

		private Builder() {
		}

		/**
		 * Sets the longest a call waits for budget when it does not say.
		 * @param defaultMaxWait the wait, zero or more
		 * @return this builder
		 */
		public Builder defaultMaxWait(Duration defaultMaxWait) {
			this.defaultMaxWait = notNegative("max-wait", defaultMaxWait);
			return this;
		}

		/**
		 * Sets how long an unsettled reservation holds its budget before it expires.
		 * @param leaseTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder leaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = positive("lease-timeout", leaseTimeout);
			return this;
		}

		/**
		 * Sets the refill time budgets hold back at admission, to absorb the delay between
		 * this limiter charging a call and the provider charging it.
		 * @param admissionMargin the margin, zero for none
		 * @return this builder
		 */
		public Builder admissionMargin(Duration admissionMargin) {
			this.admissionMargin = notNegative("admission-margin", admissionMargin);
			return this;
		}

		/**
		 * Sets how long before an observed response a budget takes its own admissions as not
		 * yet seen by the provider.
		 * @param observationLag the lag, zero to trust the provider's figures as they are
		 * @return this builder
		 */
		public Builder observationLag(Duration observationLag) {
			this.observationLag = notNegative("observation-lag", observationLag);
			return this;
		}

		/**
		 * Sets whether a model that was not configured gets a budget on first use.
		 * @param allowUnconfiguredModels whether to allow unconfigured models
		 * @return this builder
		 */
		public Builder allowUnconfiguredModels(boolean allowUnconfiguredModels) {
			this.allowUnconfiguredModels = allowUnconfiguredModels;
			return this;
		}

		/**
		 * Sets how many models created on first use may exist at a time. Beyond it a call
		 * for yet another unconfigured model fails with an {@link IllegalArgumentException},
		 * unless an idle one can be forgotten.
		 * @param maxUnconfiguredModels the cap, positive
		 * @return this builder
		 */
		public Builder maxUnconfiguredModels(int maxUnconfiguredModels) {
			if (maxUnconfiguredModels <= 0) {
				throw new IllegalArgumentException(
						"max-unconfigured-models must be positive, was " + maxUnconfiguredModels);
			}
			this.maxUnconfiguredModels = maxUnconfiguredModels;
			return this;
		}

		/**
		 * Sets how long an unconfigured model must go unused before it is forgotten, at the
		 * first call after it (the lease timeout when that is longer).
		 * @param unconfiguredModelIdleTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder unconfiguredModelIdleTimeout(Duration unconfiguredModelIdleTimeout) {
			this.unconfiguredModelIdleTimeout = positive("unconfigured-model-idle-timeout",
					unconfiguredModelIdleTimeout);
			return this;
		}

		/**
		 * Sets whether each model's input estimates are scaled by the ratio of the input
		 * tokens its provider reported to those estimated (learned per model, between 0.5
		 * and 4).
		 * @param calibrateInputEstimates whether to calibrate input estimates
		 * @return this builder
		 */
		public Builder calibrateInputEstimates(boolean calibrateInputEstimates) {
			this.calibrateInputEstimates = calibrateInputEstimates;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public LimiterSettings build() {
			return new LimiterSettings(this);
		}

		private static Duration positive(String property, Duration value) {
			Objects.requireNonNull(value, property);
			if (value.isZero() || value.isNegative()) {
				throw new IllegalArgumentException(property + " must be positive, was " + value);
			}
			return value;
		}

		private static Duration notNegative(String property, Duration value) {
			Objects.requireNonNull(value, property);
			if (value.isNegative()) {
				throw new IllegalArgumentException(property + " must not be negative, was " + value);
			}
			return value;
		}

	}

}
