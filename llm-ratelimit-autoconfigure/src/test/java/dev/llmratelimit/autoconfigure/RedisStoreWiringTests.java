package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.StoreDescriptor;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.memory.internal.InMemoryBudgetStore;
import dev.llmratelimit.store.redis.RedisBudgetStore;
import dev.llmratelimit.store.redis.RedisTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's auto-configurations together with {@code llm.ratelimit.store=redis}: one
 * store feeds the limiter, the health indicator and the {@code llmlimits} endpoint.
 */
class RedisStoreWiringTests {

	private static final String MODEL = "gpt-4o";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				LlmRateLimitRedisAutoConfiguration.class, LlmRateLimitProviderAutoConfiguration.class,
				LlmRateLimitAutoConfiguration.class,
				LlmLimitsEndpointAutoConfiguration.class, LlmRateLimitObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + RedisTestServer.shared().port(),
				"llm.ratelimit.redis.key-prefix=wiring-" + System.nanoTime(),
				"llm.ratelimit.models." + MODEL + ".provider=generic",
				"llm.ratelimit.models." + MODEL + ".requests-per-minute=100",
				"management.endpoints.web.exposure.include=llmlimits");

	@Test
	void redisStoreIsTheOnlyBudgetFactory() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis")
			.run((context) -> assertThat(context).hasSingleBean(BudgetFactory.class)
				.hasSingleBean(RedisBudgetStore.class)
				.doesNotHaveBean(InMemoryBudgetStore.class));
	}

	@Test
	void memoryStoreIsTheOnlyBudgetFactoryByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(BudgetFactory.class)
			.hasSingleBean(InMemoryBudgetStore.class)
			.doesNotHaveBean(RedisBudgetStore.class));
	}

	@Test
	void limitersOfTwoContextsWithTheRedisStoreShareOneBudget() {
		ApplicationContextRunner redis = this.runner.withPropertyValues("llm.ratelimit.store=redis");
		redis.run((first) -> redis.run((second) -> {
			first.getBean(LlmRateLimiter.class).reserve(MODEL, 1, 1, Duration.ZERO);
			first.getBean(LlmRateLimiter.class).reserve(MODEL, 1, 1, Duration.ZERO);

			double available = second.getBean(LlmRateLimiter.class)
				.headroom(MODEL)
				.orElseThrow()
				.meters()
				.get(Meter.REQUESTS_PER_MINUTE)
				.available();
			assertThat(available).isBetween(98.0, 98.5);
		}));
	}

	@Test
	void redisLeasesLastTheLimiterLeaseTimeoutUnlessTheRedisSettingOverridesIt() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.lease-timeout=90s")
			.run((context) -> assertThat(context.getBean(BudgetStore.class).details())
				.containsEntry("leaseTimeout", Duration.ofSeconds(90)));
		this.runner
			.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.lease-timeout=90s",
					"llm.ratelimit.redis.lease-timeout=2m")
			.run((context) -> assertThat(context.getBean(BudgetStore.class).details())
				.containsEntry("leaseTimeout", Duration.ofMinutes(2)));
	}

	@Test
	void disabledRateLimitingCreatesNoRedisStore() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BudgetFactory.class));
	}

	@Test
	void healthReportsTheRedisStoreWithItsSettings() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.redis.on-failure=reject")
			.run((context) -> {
				Health health = context.getBean(LlmRateLimitHealthIndicator.class).health();

				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(storeDetails(health, "redis")).containsEntry("available", true)
					.containsEntry("onFailure", "reject");
			});
	}

	@Test
	void healthReportsTheMemoryStoreByDefault() {
		this.runner.run((context) -> assertThat(
				storeDetails(context.getBean(LlmRateLimitHealthIndicator.class).health(), "memory"))
			.containsEntry("available", true));
	}

	@Test
	void endpointShowsTheRedisStore() {
		this.runner.withPropertyValues("llm.ratelimit.store=redis")
			.run((context) -> assertThat(context.getBean(LlmLimitsEndpoint.class).models().store())
				.isEqualTo(new StoreDescriptor("redis", true)));
	}

	@Test
	void endpointShowsTheMemoryStoreByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(LlmLimitsEndpoint.class).models().store())
			.isEqualTo(new StoreDescriptor("memory", true)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> storeDetails(Health health, String store) {
		Map<String, Object> stores = (Map<String, Object>) health.getDetails().get("stores");
		return (Map<String, Object>) stores.get(store);
	}

}
