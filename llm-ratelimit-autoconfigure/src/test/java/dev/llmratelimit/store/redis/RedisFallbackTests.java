package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What one of three instances does while its Redis is killed and after it is back, with
 * {@code on-failure=local}: it admits no more than its third of the shared budget, starting
 * from its third of what Redis last said was left, and charges what it admitted to Redis
 * before Redis admits anything new; being first back, it presumes the other instances
 * spent as much until they report. Scripts and fallback read one manual clock.
 */
@Timeout(60)
class RedisFallbackTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final ModelLimits limits = ModelLimits.builder("fallback-" + UUID.randomUUID())
		.limit(Meter.TOKENS_PER_MINUTE, 900)
		.build();

	private RedisTestServer redis;

	private LettuceConnectionFactory connections;

	private RedisBudgetStore store;

	@BeforeEach
	void start() {
		this.redis = RedisTestServer.start(true);
		this.connections = this.redis.connectionFactory();
		this.store = RedisBudgetStore.builder(this.connections)
			.expectedInstances(3)
			.retryInterval(Duration.ofMillis(100))
			.waiterTimeout(Duration.ofHours(1))
			.timeSource(this.time)
			.scriptTime(this.time)
			.build();
	}

	@AfterEach
	void stop() {
		this.store.close();
		this.connections.destroy();
		this.redis.stop();
	}

	@Test
	void fallbackShouldStartFromItsShareOfTheLastSharedLevel() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(600), 0);
		assertThat(available(budget)).isCloseTo(300, within(1e-6));
		this.redis.kill();
		assertThat(budget.acquire(tokens(101), 0).status()).isEqualTo(Status.REJECTED);
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(300);
		assertThat(available(budget)).isCloseTo(100, within(1e-6));
		assertThat(budget.acquire(tokens(100), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void limitLearnedDuringTheOutageShouldBeSharedOut() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		this.redis.kill();
		budget.acquire(tokens(1), 0);
		assertThat(this.store.isAvailable()).isFalse();
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(3000L, 2700.0, null)), null, null));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(1000);
		assertThat(available(budget)).isCloseTo(900, within(1e-6));
	}

	@Test
	void recoveryShouldChargeWhatTheFallbackAdmittedBeforeRedisAdmitsAgain() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(300), 0);
		budget.state();
		this.redis.kill();
		Lease onFallback = budget.acquire(tokens(150), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		budget.settle(onFallback, tokens(100));
		budget.acquire(tokens(50), 0);
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget)).as("600 left, less 150 spent on the fallback, as much for each other instance")
			.isCloseTo(150, within(1e-6));
	}

	@Test
	void leaseOfTheFallbackSettledAfterRecoveryShouldChargeItsDifferenceToRedis() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		this.redis.kill();
		Lease onFallback = budget.acquire(tokens(200), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget)).as("200 for this instance and each other one").isCloseTo(300, within(1e-6));
		assertThat(budget.settle(onFallback, tokens(50))).isTrue();
		assertThat(available(budget)).isCloseTo(450, within(1e-6));
	}

	@Test
	void laterInstanceBackShouldReplaceWhatTheFirstPresumedItSpent() {
		try (RedisBudgetStore other = RedisBudgetStore.builder(this.connections)
			.expectedInstances(3)
			// back well after this.store
			.retryInterval(Duration.ofSeconds(2))
			.timeSource(this.time)
			.scriptTime(this.time)
			.build()) {
			Budget budget = this.store.create(this.limits);
			Budget otherBudget = other.create(this.limits);
			budget.state();
			otherBudget.state();
			this.redis.kill();
			budget.acquire(tokens(150), 0);
			otherBudget.acquire(tokens(30), 0);
			assertThat(this.store.isAvailable()).isFalse();
			assertThat(other.isAvailable()).isFalse();
			this.redis.restart();
			await().atMost(Duration.ofSeconds(20)).until(() -> this.store.isAvailable() && other.isAvailable());
			assertThat(available(budget)).as("150 + 30 spent, and 150 presumed for the third one")
				.isCloseTo(900 - 150 - 30 - 150, within(1e-6));
		}
	}

	@Test
	void interruptedCallShouldNotMarkRedisDown() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> budget.acquire(tokens(1), 0));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.store.isAvailable()).isTrue();
		assertThat(budget.acquire(tokens(1), 0).status()).isEqualTo(Status.GRANTED);
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available();
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
