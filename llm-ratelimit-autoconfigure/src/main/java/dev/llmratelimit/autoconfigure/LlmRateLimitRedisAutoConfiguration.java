package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.store.redis.RedisBudgetStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Shares the budgets of every instance through Redis when {@code llm.ratelimit.store=redis}:
 * a {@link RedisBudgetStore} on the application's {@link RedisConnectionFactory}, set up by
 * {@code llm.ratelimit.redis.*}. Runs before {@link LlmRateLimitAutoConfiguration}, which
 * then uses this store and creates no in-memory one.
 */
@AutoConfiguration(before = LlmRateLimitAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "llm.ratelimit", name = "store", havingValue = "redis")
@EnableConfigurationProperties({ LlmRateLimitProperties.class, LlmRateLimitRedisProperties.class })
public final class LlmRateLimitRedisAutoConfiguration {

	private static final String PREFIX = "llm.ratelimit.redis.";

	@Bean
	@ConditionalOnMissingBean(BudgetFactory.class)
	RedisBudgetStore llmRateLimitRedisStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
			ObjectProvider<TimeSource> timeSource, ObjectProvider<LimiterSettings> limiterSettings,
			LlmRateLimitProperties limiterProperties, LlmRateLimitRedisProperties properties) {
		LimiterSettings settings = limiterSettings.getIfAvailable(() -> LimiterSettingsMapper.map(limiterProperties));
		RedisConnectionFactory connections = connectionFactory.getIfAvailable();
		if (connections == null) {
			throw new IllegalStateException("llm.ratelimit.store=redis needs a RedisConnectionFactory bean: "
					+ "add spring-boot-starter-data-redis and configure spring.data.redis.*");
		}
		if (properties.getKeyPrefix() == null || properties.getKeyPrefix().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "key-prefix", properties.getKeyPrefix(),
					"must not be blank");
		}
		if (properties.getExpectedInstances() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "expected-instances",
					properties.getExpectedInstances(), "must be at least 1");
		}
		return RedisBudgetStore.builder(connections)
			.keyPrefix(properties.getKeyPrefix())
			.leaseTimeout(leaseTimeout(settings, properties))
			.waiterTimeout(positive("waiter-timeout", properties.getWaiterTimeout()))
			.retryInterval(positive("retry-interval", properties.getRetryInterval()))
			.onFailure(properties.getOnFailure())
			.expectedInstances(properties.getExpectedInstances())
			.admissionMargin(settings.admissionMargin())
			.observationLag(settings.observationLag())
			.timeSource(timeSource.getIfAvailable(TimeSource::system))
			.build();
	}

	/** Redis leases last {@code llm.ratelimit.lease-timeout} unless the Redis setting overrides it. */
	private static Duration leaseTimeout(LimiterSettings settings, LlmRateLimitRedisProperties properties) {
		return (properties.getLeaseTimeout() != null) ? positive("lease-timeout", properties.getLeaseTimeout())
				: settings.leaseTimeout();
	}

	private static Duration positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "must be positive");
		}
		return value;
	}

}
