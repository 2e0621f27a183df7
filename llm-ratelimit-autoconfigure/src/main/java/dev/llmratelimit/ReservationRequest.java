package dev.llmratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A call asking {@link LlmRateLimiter#reserve(ReservationRequest)} for budget: its model,
 * what it will cost, how long it may wait, where it may go instead, how it ranks among
 * waiting calls and whose share it counts against.
 *
 * <pre>{@code
 * Reservation reservation = limiter.reserve(ReservationRequest.builder("claude-sonnet-4-5")
 *     .inputTokens(1200)
 *     .maxTokens(512)
 *     .fallbacks(List.of("claude-haiku-4-5"))
 *     .priority(Priority.HIGH)
 *     .key(tenantId)
 *     .build());
 * String model = reservation.model(); // call this model: the primary or the fallback chosen
 * }</pre>
 */
public final class ReservationRequest {

	private final String model;

	private final long inputTokens;

	private final long maxTokens;

	private final Duration maxWait;

	private final List<String> fallbacks;

	private final Priority priority;

	private final String key;

	private ReservationRequest(Builder builder) {
		this.model = builder.model;
		this.inputTokens = builder.inputTokens;
		this.maxTokens = builder.maxTokens;
		this.maxWait = builder.maxWait;
		this.fallbacks = (builder.fallbacks != null) ? List.copyOf(builder.fallbacks) : null;
		this.priority = builder.priority;
		this.key = builder.key;
	}

	/**
	 * Starts a request for a model's budget.
	 * @param model the model id (or an alias) the call is meant for
	 * @return a builder with no input, the model's default max tokens, the limiter's
	 * default wait, the model's fallbacks, {@link Priority#NORMAL} and no key
	 */
	public static Builder builder(String model) {
		return new Builder(model);
	}

	/**
	 * Model the call is meant for.
	 * @return the model id (or an alias)
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Estimated input tokens.
	 * @return the input estimate, zero or more
	 */
	public long inputTokens() {
		return this.inputTokens;
	}

	/**
	 * Output tokens to reserve.
	 * @return the max tokens, zero for the default of the model the call is reserved on
	 */
	public long maxTokens() {
		return this.maxTokens;
	}

	/**
	 * Longest time to wait for budget.
	 * @return the wait, or {@code null} for the limiter's default
	 */
	public Duration maxWait() {
		return this.maxWait;
	}

	/**
	 * Models tried, in order, when the model cannot admit the call within its
	 * {@link ModelLimits#fallbackAfter() fallback-after}.
	 * @return the fallbacks, or {@code null} for the model's configured fallbacks
	 */
	public List<String> fallbacks() {
		return this.fallbacks;
	}

	/**
	 * Rank of the call among those waiting.
	 * @return the priority
	 */
	public Priority priority() {
		return this.priority;
	}

	/**
	 * Key (a tenant) whose share of the meters the call counts against.
	 * @return the key, or {@code null} for none
	 */
	public String key() {
		return this.key;
	}

	@Override
	public String toString() {
		return "ReservationRequest[model=" + this.model + ", inputTokens=" + this.inputTokens + ", maxTokens="
				+ this.maxTokens + ", priority=" + this.priority + "]";
	}

	/**
	 * Builds a {@link ReservationRequest}.
	 */
	public static final class Builder {

		private final String model;

		private long inputTokens;

		private long maxTokens;

		private Duration maxWait;

		private List<String> fallbacks;

		private Priority priority = Priority.NORMAL;

		private String key;

		private Builder(String model) {
			if (model == null || model.isBlank()) {
				throw new IllegalArgumentException("model must not be blank");
			}
			this.model = model;
		}

		/**
		 * Sets the estimated input tokens.
		 * @param inputTokens the estimate, zero or more
		 * @return this builder
		 */
		public Builder inputTokens(long inputTokens) {
			if (inputTokens < 0) {
				throw new IllegalArgumentException("inputTokens must not be negative, was " + inputTokens);
			}
			this.inputTokens = inputTokens;
			return this;
		}

		/**
		 * Sets the output tokens to reserve.
		 * @param maxTokens the max tokens, zero or less for the model's default
		 * @return this builder
		 */
		public Builder maxTokens(long maxTokens) {
			this.maxTokens = Math.max(0, maxTokens);
			return this;
		}

		/**
		 * Sets the longest time to wait for budget.
		 * @param maxWait the wait, zero to fail at once; {@code null} for the default
		 * @return this builder
		 */
		public Builder maxWait(Duration maxWait) {
			this.maxWait = maxWait;
			return this;
		}

		/**
		 * Sets the models tried, in order, instead of the model's configured fallbacks.
		 * @param fallbacks model ids, none blank (repeated ids count once); empty to never
		 * route elsewhere
		 * @return this builder
		 */
		public Builder fallbacks(List<String> fallbacks) {
			this.fallbacks = ModelLimits.fallbackIds(fallbacks);
			return this;
		}

		/**
		 * Sets the rank of the call among those waiting.
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(Priority priority) {
			this.priority = Objects.requireNonNull(priority, "priority");
			return this;
		}

		/**
		 * Sets the key (a tenant) whose share the call counts against.
		 * @param key the key, or {@code null} (or blank) for none
		 * @return this builder
		 */
		public Builder key(String key) {
			this.key = (key != null && !key.isBlank()) ? key : null;
			return this;
		}

		/**
		 * Builds the request.
		 * @return the request
		 */
		public ReservationRequest build() {
			return new ReservationRequest(this);
		}

	}

}
