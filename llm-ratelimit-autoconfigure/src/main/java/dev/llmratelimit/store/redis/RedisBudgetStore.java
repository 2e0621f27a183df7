package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.store.BudgetStore;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Budgets shared by every instance of an application through Redis (Spring Data Redis,
 * any {@link RedisConnectionFactory}). Each model's budget is a {@link RedisBudget}
 * guarded by the {@link RedisFailureMode failure policy}. Instances tell each other over
 * Redis pub/sub when budget frees, so that waiters wake without polling. Build one with
 * {@link #builder(RedisConnectionFactory)}; {@link #close()} it when done.
 */
public final class RedisBudgetStore implements BudgetStore, AutoCloseable {

	/** Name of this store in {@code llm.ratelimit.store}. */
	public static final String NAME = "redis";

	private final RedisConnectionFactory connectionFactory;

	private final RedisBudget.Settings settings;

	private final FailurePolicy failurePolicy;

	private final TimeSource time;

	private final ScheduledExecutorService scheduler;

	private final RedisAvailability availability;

	private final FailoverBudgets budgets = new FailoverBudgets();

	private final BudgetChangeSubscription subscription;

	/** How long closing waits for the settlements sent in the background. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final List<AvailabilityListener> listeners = new CopyOnWriteArrayList<>();

	private RedisBudgetStore(Builder builder) {
		this.connectionFactory = builder.connectionFactory;
		this.time = builder.time;
		StringRedisTemplate template = new StringRedisTemplate(builder.connectionFactory);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "llm-ratelimit-redis");
			thread.setDaemon(true);
			return thread;
		});
		this.settings = new RedisBudget.Settings(template, new BudgetScripts(builder.connectionFactory), builder.keyPrefix,
				RedisBudgetKeys.channel(builder.keyPrefix), UUID.randomUUID().toString(), builder.leaseTimeout,
				builder.waiterTimeout, builder.admissionMargin, builder.observationLag, builder.scriptTime,
				this.scheduler, builder.settlementDelay);
		this.availability = new RedisAvailability(this.scheduler, builder.retryInterval, this::ping,
				this.budgets::recover);
		this.availability.addListener(this::availabilityChanged);
		this.failurePolicy = new FailurePolicy(builder.onFailure, builder.expectedInstances,
				FailurePolicy.presumption(builder.retryInterval, builder.waiterTimeout, builder.scriptTime), this.time,
				this.settings, this.availability);
		// tickets expire on the scripts' clock: the server's, or the one the scripts are given
		long beat = builder.waiterTimeout.toNanos() / 3;
		long heartbeat = Math.max(1, (builder.scriptTime != null) ? builder.scriptTime.toRealNanos(beat) : beat);
		this.scheduler.scheduleWithFixedDelay(() -> this.budgets.heartbeat(this.availability.isAvailable()),
				heartbeat, heartbeat, TimeUnit.NANOSECONDS);
		this.subscription = new BudgetChangeSubscription(this.connectionFactory, this.settings.channel(),
				this.settings.instanceId(), this.budgets::wake, this.scheduler, builder.retryInterval);
	}

	/**
	 * Starts building a store.
	 * @param connectionFactory the application's Redis connections
	 * @return a builder with the defaults of {@code llm.ratelimit.redis.*}
	 */
	public static Builder builder(RedisConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	@Override
	public Budget create(ModelLimits limits) {
		FailoverBudget budget = new FailoverBudget(new RedisBudget(limits, this.settings),
				(shared) -> this.failurePolicy.fallback(limits, shared), this.availability, this.time,
				this.failurePolicy.sharingInstances(), this.failurePolicy.presumption());
		this.budgets.add(limits.model(), budget);
		budget.onRelease(() -> this.budgets.remove(limits.model(), budget));
		return budget;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean isAvailable() {
		return this.availability.isAvailable();
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("keyPrefix", this.settings.keyPrefix());
		details.put("onFailure", this.failurePolicy.mode().name().toLowerCase(Locale.ROOT));
		details.put("expectedInstances", this.failurePolicy.expectedInstances());
		details.put("leaseTimeout", this.settings.leaseTimeout());
		details.put("admissionMargin", this.settings.admissionMargin());
		details.put("observationLag", this.settings.observationLag());
		details.put("scripts", this.settings.scripts().path());
		Instant since = this.availability.unavailableSince();
		if (since != null) {
			details.put("unavailableSince", since);
		}
		RuntimeException failure = this.availability.lastFailure();
		if (failure != null && !this.availability.isAvailable()) {
			details.put("error", failure.getClass().getName() + ": " + failure.getMessage());
		}
		return details;
	}

	@Override
	public void addAvailabilityListener(AvailabilityListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	int budgetedModels() {
		return this.budgets.models();
	}

	/**
	 * Waits for the settlements sent in the background (replaying any that failed while
	 * Redis answers), then stops listening to other instances and stops the background
	 * tasks.
	 */
	@Override
	public void close() {
		this.budgets.flush(CLOSE_TIMEOUT);
		this.scheduler.shutdownNow();
		this.subscription.close();
	}

	@Override
	public String toString() {
		return "RedisBudgetStore[keyPrefix=" + this.settings.keyPrefix() + ", onFailure=" + this.failurePolicy.mode()
				+ "]";
	}

	private void ping() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.ping();
		}
	}

	private void availabilityChanged(boolean available) {
		for (AvailabilityListener listener : this.listeners) {
			listener.availabilityChanged(this, available);
		}
	}

	/**
	 * Builds a {@link RedisBudgetStore}.
	 */
	public static final class Builder {

		private final RedisConnectionFactory connectionFactory;

		private String keyPrefix = "llm-ratelimit";

		private Duration leaseTimeout = Duration.ofMinutes(5);

		private Duration waiterTimeout = Duration.ofSeconds(10);

		private Duration retryInterval = Duration.ofSeconds(1);

		private RedisFailureMode onFailure = RedisFailureMode.LOCAL;

		private int expectedInstances = 1;

		private Duration admissionMargin = Duration.ZERO;

		private Duration observationLag = Duration.ZERO;

		private TimeSource time = TimeSource.system();

		private TimeSource scriptTime;

		private Duration settlementDelay = PendingSettlements.DELAY;

		private Builder(RedisConnectionFactory connectionFactory) {
			this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		}

		/**
		 * Sets the first part of every key and of the pub/sub channel.
		 * @param keyPrefix the prefix, not blank
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			if (keyPrefix == null || keyPrefix.isBlank()) {
				throw new IllegalArgumentException("keyPrefix must not be blank");
			}
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Sets how long a reservation that is never settled holds its budget.
		 * @param leaseTimeout the lease time, positive
		 * @return this builder
		 */
		public Builder leaseTimeout(Duration leaseTimeout) {
			this.leaseTimeout = positive(leaseTimeout, "leaseTimeout");
			return this;
		}

		/**
		 * Sets how long a queued call may go without looking at its place before it is
		 * presumed dead and leaves the queue. Waiters look at least three times as often.
		 * @param waiterTimeout the timeout, positive
		 * @return this builder
		 */
		public Builder waiterTimeout(Duration waiterTimeout) {
			this.waiterTimeout = positive(waiterTimeout, "waiterTimeout");
			return this;
		}

		/**
		 * Sets how often Redis is tried again while it cannot be reached.
		 * @param retryInterval the interval, positive
		 * @return this builder
		 */
		public Builder retryInterval(Duration retryInterval) {
			this.retryInterval = positive(retryInterval, "retryInterval");
			return this;
		}

		/**
		 * Sets what budgets do while Redis cannot be reached.
		 * @param onFailure the failure policy
		 * @return this builder
		 */
		public Builder onFailure(RedisFailureMode onFailure) {
			this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
			return this;
		}

		/**
		 * Sets how many instances share the budgets: with {@link RedisFailureMode#LOCAL}
		 * each instance gets this share of every limit while Redis is down.
		 * @param expectedInstances the number of instances, at least 1
		 * @return this builder
		 */
		public Builder expectedInstances(int expectedInstances) {
			if (expectedInstances < 1) {
				throw new IllegalArgumentException("expectedInstances must be at least 1, was " + expectedInstances);
			}
			this.expectedInstances = expectedInstances;
			return this;
		}

		/**
		 * Sets the refill time a budget holds back at admission, as
		 * {@code llm.ratelimit.admission-margin} does for in-memory budgets.
		 * @param admissionMargin the margin, zero or more
		 * @return this builder
		 */
		public Builder admissionMargin(Duration admissionMargin) {
			this.admissionMargin = notNegative(admissionMargin, "admissionMargin");
			return this;
		}

		/**
		 * Sets how long before an observed response an admission may still be unseen by
		 * the provider, as {@code llm.ratelimit.observation-lag} does for in-memory budgets.
		 * @param observationLag the lag, zero or more
		 * @return this builder
		 */
		public Builder observationLag(Duration observationLag) {
			this.observationLag = notNegative(observationLag, "observationLag");
			return this;
		}

		/**
		 * Sets the time source of this instance: fallback budgets and waiting deadlines.
		 * @param time the time source
		 * @return this builder
		 */
		public Builder timeSource(TimeSource time) {
			this.time = Objects.requireNonNull(time, "time");
			return this;
		}

		/**
		 * Makes the scripts read time from {@code scriptTime} instead of the Redis server's
		 * {@code TIME}. Only for tests and simulations that drive time themselves; every
		 * instance sharing the budgets must then use the same source.
		 * @param scriptTime the time source, or {@code null} for the server's clock
		 * @return this builder
		 */
		public Builder scriptTime(TimeSource scriptTime) {
			this.scriptTime = scriptTime;
			return this;
		}

		/**
		 * Sets how long a settlement made without waiting is held back for the next
		 * acquisition to take along (tests make it long, so that it waits for theirs).
		 * @param settlementDelay the longest it is held back, positive
		 * @return this builder
		 */
		Builder settlementDelay(Duration settlementDelay) {
			this.settlementDelay = positive(settlementDelay, "settlementDelay");
			return this;
		}

		/**
		 * Builds the store and subscribes to budget changes of other instances.
		 * @return the store
		 */
		public RedisBudgetStore build() {
			return new RedisBudgetStore(this);
		}

		private static Duration notNegative(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative, was " + duration);
			}
			return duration;
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, was " + duration);
			}
			return duration;
		}

	}

	/**
	 * What budgets do while Redis cannot be reached.
	 */
	public enum RedisFailureMode {

		/**
		 * Continue on a budget in this JVM, with each limit divided by the expected number of
		 * instances.
		 */
		LOCAL,

		/** Refuse calls with {@code LlmRateLimitStoreUnavailableException}. */
		REJECT,

		/** Admit every call without limiting. */
		ALLOW

	}

}
