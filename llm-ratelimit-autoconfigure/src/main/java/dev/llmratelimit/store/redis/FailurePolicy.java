package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;

/**
 * What the budgets of one store do while Redis cannot be reached, as its
 * {@link RedisFailureMode} says: the fallback budget a model gets (this instance's share
 * of the shared level on an in-memory budget, a budget that refuses, or one that admits
 * everything), how many instances the budget is split among, and how long the first
 * instance back from an outage presumes the others' spending. Immutable.
 */
final class FailurePolicy {

	private final RedisFailureMode mode;

	private final int expectedInstances;

	private final Duration presumption;

	private final TimeSource time;

	private final RedisBudget.Settings settings;

	private final RedisAvailability availability;

	/**
	 * Creates the policy of one store.
	 * @param mode what budgets do while Redis cannot be reached
	 * @param expectedInstances how many instances share the budgets
	 * @param presumption how long the first instance back presumes the others' spending
	 * @param time the time source of the in-memory fallbacks
	 * @param settings what the store's Redis budgets share (the in-memory fallbacks take
	 * the same lease timeout, admission margin and observation lag)
	 * @param availability whether Redis can be reached (named by refusals)
	 */
	FailurePolicy(RedisFailureMode mode, int expectedInstances, Duration presumption, TimeSource time,
			RedisBudget.Settings settings, RedisAvailability availability) {
		this.mode = mode;
		this.expectedInstances = expectedInstances;
		this.presumption = presumption;
		this.time = time;
		this.settings = settings;
		this.availability = availability;
	}

	RedisFailureMode mode() {
		return this.mode;
	}

	int expectedInstances() {
		return this.expectedInstances;
	}

	/** How many instances a budget is split among while Redis is down: 1 unless each instance takes its share. */
	int sharingInstances() {
		return (this.mode == RedisFailureMode.LOCAL) ? this.expectedInstances : 1;
	}

	/** How long the first instance back from an outage presumes the others' spending. */
	Duration presumption() {
		return this.presumption;
	}

	/**
	 * Builds a model's fallback budget for an outage.
	 * @param limits the model's limits
	 * @param shared what this instance knows of the shared level, or {@code null}
	 * @return the fallback budget
	 */
	Budget fallback(ModelLimits limits, KnownSharedLevel.Estimate shared) {
		return switch (this.mode) {
			case LOCAL -> InstanceShare.of(limits, shared, this.expectedInstances,
					(share) -> new LocalBudget(share, this.time, LimiterSettings.builder()
						.leaseTimeout(this.settings.leaseTimeout())
						.admissionMargin(this.settings.admissionMargin())
						.observationLag(this.settings.observationLag())
						.build()));
			case REJECT -> new RejectingBudget(limits.model(), this.availability);
			case ALLOW -> new UnlimitedBudget();
		};
	}

	/**
	 * How long the first instance back from an outage presumes the others' spending, on
	 * the scripts' clock: the others come back within a few probes of this one (probes run
	 * on real time), or reconnect within a waiter timeout.
	 * @param retryInterval how often Redis is probed while it is down
	 * @param waiterTimeout how long a queued ticket lives without being polled
	 * @param scriptTime the scripts' time source, or {@code null} for the server's clock
	 * @return the presumption
	 */
	static Duration presumption(Duration retryInterval, Duration waiterTimeout, TimeSource scriptTime) {
		long probes = retryInterval.multipliedBy(10).toNanos();
		if (scriptTime != null) {
			long second = Duration.ofSeconds(1).toNanos();
			long realSecond = scriptTime.toRealNanos(second);
			probes = (realSecond > 0) ? (long) ((double) probes * second / realSecond) : probes;
		}
		return Duration.ofNanos(probes).plus(waiterTimeout);
	}

}
