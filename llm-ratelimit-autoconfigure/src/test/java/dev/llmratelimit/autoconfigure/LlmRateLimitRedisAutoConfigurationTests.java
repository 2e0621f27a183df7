package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.memory.internal.InMemoryBudgetStore;
import dev.llmratelimit.store.redis.RedisBudgetStore;
import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;
import dev.llmratelimit.store.redis.RedisTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitRedisAutoConfiguration}.
 */
class LlmRateLimitRedisAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, LlmRateLimitRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + RedisTestServer.shared().port(),
				"spring.data.redis.timeout=500ms");

	@Test
	void redisStoreShouldBeCreatedWhenTheStoreIsRedis() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis").run((context) -> {
			assertThat(context).hasSingleBean(RedisBudgetStore.class);
			BudgetStore store = context.getBean(BudgetStore.class);
			assertThat(store.name()).isEqualTo("redis");
			assertThat(store.isAvailable()).isTrue();
			assertThat(store.details()).containsEntry("keyPrefix", "llm-ratelimit")
				.containsEntry("onFailure", "local")
				.containsEntry("expectedInstances", 1)
				.containsEntry("leaseTimeout", Duration.ofMinutes(5))
				.containsEntry("admissionMargin", Duration.ofMillis(500))
				.containsEntry("observationLag", Duration.ofMillis(200));
		});
	}

	@Test
	void redisBudgetsShouldKeepTheConfiguredMarginAndLag() {
		this.runner
			.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.admission-margin=2s",
					"llm.ratelimit.observation-lag=0")
			.run((context) -> assertThat(context.getBean(BudgetStore.class).details())
				.containsEntry("admissionMargin", Duration.ofSeconds(2))
				.containsEntry("observationLag", Duration.ZERO));
	}

	@Test
	void negativeAdmissionMarginShouldFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.admission-margin=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.ratelimit.admission-margin"));
	}

	@Test
	void noStoreShouldBeCreatedWhenTheStoreIsNotRedis() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(BudgetStore.class));
		this.runner.withPropertyValues("llm.ratelimit.store=memory")
			.run((context) -> assertThat(context).doesNotHaveBean(BudgetStore.class));
	}

	@Test
	void propertiesShouldConfigureTheStore() {
		this.runner
			.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.redis.key-prefix=shop",
					"llm.ratelimit.redis.lease-timeout=90s", "llm.ratelimit.redis.on-failure=reject",
					"llm.ratelimit.redis.expected-instances=3", "llm.ratelimit.redis.retry-interval=250ms",
					"llm.ratelimit.redis.waiter-timeout=20s")
			.run((context) -> {
				LlmRateLimitRedisProperties properties = context.getBean(LlmRateLimitRedisProperties.class);
				assertThat(properties.getOnFailure()).isEqualTo(RedisFailureMode.REJECT);
				assertThat(properties.getRetryInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getWaiterTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(context.getBean(BudgetStore.class).details()).containsEntry("keyPrefix", "shop")
					.containsEntry("onFailure", "reject")
					.containsEntry("expectedInstances", 3)
					.containsEntry("leaseTimeout", Duration.ofSeconds(90));
			});
	}

	@Test
	void userStoreShouldWin() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis")
			.withUserConfiguration(UserStoreConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(BudgetStore.class);
				assertThat(context.getBean(BudgetStore.class)).isInstanceOf(InMemoryBudgetStore.class);
			});
	}

	@Test
	void badExpectedInstancesShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.ratelimit.redis.expected-instances=0",
				"llm.ratelimit.redis.expected-instances must be at least 1, was 0");
	}

	@Test
	void nonPositiveLeaseTimeoutShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.ratelimit.redis.lease-timeout=0s",
				"llm.ratelimit.redis.lease-timeout must be positive, was PT0S");
	}

	@Test
	void nonPositiveWaiterTimeoutShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.ratelimit.redis.waiter-timeout=-1s",
				"llm.ratelimit.redis.waiter-timeout must be positive, was PT-1S");
	}

	@Test
	void nonPositiveRetryIntervalShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.ratelimit.redis.retry-interval=0ms",
				"llm.ratelimit.redis.retry-interval must be positive, was PT0S");
	}

	@Test
	void blankKeyPrefixShouldFailStartupNamingTheProperty() {
		assertStartupFails("llm.ratelimit.redis.key-prefix= ", "llm.ratelimit.redis.key-prefix must not be blank, was ''");
	}

	@Test
	void aBadRedisPropertyIsExplainedByTheFailureAnalyzer() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.redis.retry-interval=0ms")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidLlmRateLimitPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo(
						"Invalid LLM rate limit configuration: llm.ratelimit.redis.retry-interval must be positive, was PT0S");
				assertThat(analysis.getAction()).isEqualTo("Set a positive duration such as 1s, or remove the property.");
			});
	}

	private void assertStartupFails(String property, String message) {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage(message));
	}

	@Test
	void missingConnectionFactoryShouldFailStartupWithAnExplanation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitRedisAutoConfiguration.class))
			.withPropertyValues("llm.ratelimit.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage("llm.ratelimit.store is redis but there is no RedisConnectionFactory bean"));
	}

	@Test
	void withoutSpringDataRedisNothingShouldBeConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitRedisAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("llm.ratelimit.store=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BudgetStore.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		InMemoryBudgetStore userStore() {
			return new InMemoryBudgetStore(TimeSource.system(),
					LimiterSettings.builder().leaseTimeout(Duration.ofMinutes(1)).build());
		}

	}

}
