package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.Map;

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

	/** A sensible value of each duration property, for the failure's action. */
	private static final Map<String, String> EXAMPLES = Map.of("lease-timeout", "5m", "waiter-timeout", "10s",
			"retry-interval", "1s");

	@Bean
	@ConditionalOnMissingBean(BudgetFactory.class)
	RedisBudgetStore llmRateLimitRedisStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
			ObjectProvider<TimeSource> timeSource, ObjectProvider<LimiterSettings> limiterSettings,
			LlmRateLimitProperties limiterProperties, LlmRateLimitRedisProperties properties) {
		LimiterSettings settings = limiterSettings.getIfAvailable(() -> LimiterSettingsMapper.map(limiterProperties));
		RedisConnectionFactory connections = connectionFactory.getIfAvailable();
		if (connections == null) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.store", "is redis but there is no "
					+ "RedisConnectionFactory bean", "Add spring-boot-starter-data-redis and configure spring.data.redis.*, "
							+ "or set llm.ratelimit.store=memory.");
		}
		String keyPrefix = properties.getKeyPrefix();
		if (keyPrefix == null || keyPrefix.isBlank()) {
			throw new InvalidLlmRateLimitPropertyException(PREFIX + "key-prefix", "must not be blank, was '"
					+ ((keyPrefix != null) ? keyPrefix : "") + "'",
					"Set a prefix that no other data in the Redis database uses, such as llm-ratelimit.");
		}
		if (properties.getExpectedInstances() < 1) {
			throw new InvalidLlmRateLimitPropertyException(PREFIX + "expected-instances",
					"must be at least 1, was " + properties.getExpectedInstances(),
					"Set how many instances of the application share the budgets, such as 3.");
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
			throw new InvalidLlmRateLimitPropertyException(PREFIX + name, "must be positive, was " + value,
					"Set a positive duration such as " + EXAMPLES.get(name) + ", or remove the property.");
		}
		return value;
	}

}
