package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Redis budget store, used when {@code llm.ratelimit.store=redis}. The
 * connection itself is the application's ({@code spring.data.redis.*}).
 */
@ConfigurationProperties("llm.ratelimit.redis")
class LlmRateLimitRedisProperties {

	/**
	 * First part of every key and of the pub/sub channel. Instances with the same prefix
	 * share their budgets.
	 */
	private String keyPrefix = "llm-ratelimit";

	/**
	 * How long a reservation that is never settled (for example because its instance
	 * died) holds its shared budget before it expires. Defaults to
	 * llm.ratelimit.lease-timeout.
	 */
	private Duration leaseTimeout;

	/**
	 * What calls do while Redis cannot be reached: continue on a local budget, reject them
	 * or allow them without limiting.
	 */
	private RedisFailureMode onFailure = RedisFailureMode.LOCAL;

	/**
	 * Number of instances sharing the budgets. While Redis cannot be reached, each
	 * instance's local budget gets this share of every limit.
	 */
	private int expectedInstances = 1;

	/**
	 * How often to try Redis again while it cannot be reached.
	 */
	private Duration retryInterval = Duration.ofSeconds(1);

	/**
	 * How long a queued call may go without looking at its place before it is presumed
	 * dead and leaves the queue.
	 */
	private Duration waiterTimeout = Duration.ofSeconds(10);

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getLeaseTimeout() {
		return this.leaseTimeout;
	}

	public void setLeaseTimeout(Duration leaseTimeout) {
		this.leaseTimeout = leaseTimeout;
	}

	public RedisFailureMode getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(RedisFailureMode onFailure) {
		this.onFailure = onFailure;
	}

	public int getExpectedInstances() {
		return this.expectedInstances;
	}

	public void setExpectedInstances(int expectedInstances) {
		this.expectedInstances = expectedInstances;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public Duration getWaiterTimeout() {
		return this.waiterTimeout;
	}

	public void setWaiterTimeout(Duration waiterTimeout) {
		this.waiterTimeout = waiterTimeout;
	}

}
