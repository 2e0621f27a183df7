package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.UUID;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the store calls its Lua on a server of its own: as functions of a library loaded
 * once on Redis 7 (loaded again when the server forgot it), as scripts before; settlements
 * sent without waiting count once, and one that failed on its way is replayed, at the
 * latest when the store closes.
 */
@Timeout(60)
class RedisScriptCallsTests {

	private static RedisTestServer redis;

	private final ManualTimeSource time = new ManualTimeSource();

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.start(false);
		connectionFactory = redis.connectionFactory();
	}

	@AfterAll
	static void stop() {
		connectionFactory.destroy();
		redis.stop();
	}

	@Test
	void operationsShouldRunAsFunctionsFromRedis7AndAsScriptsBefore() {
		try (RedisBudgetStore store = store()) {
			store.create(limits()).acquire(tokens(400), 0);
			assertThat(store.details()).containsEntry("scripts", hasFunctions() ? "functions" : "scripts");
		}
	}

	@Test
	void functionsShouldBeLoadedAgainWhenRedisForgotThem() {
		assumeTrue(hasFunctions(), "Redis before 7 has no functions");
		try (RedisBudgetStore store = store()) {
			Budget budget = store.create(limits());
			budget.acquire(tokens(400), 0);
			redis.command("FUNCTION FLUSH");
			assertThat(budget.acquire(tokens(400), 0).status()).isEqualTo(Status.GRANTED);
			assertThat(budget.state().inFlight()).isEqualTo(2);
			assertThat(store.isAvailable()).isTrue();
			assertThat(store.details()).containsEntry("scripts", "functions");
		}
	}

	@Test
	void settlementSentInTheBackgroundShouldCountOnce() {
		ModelLimits limits = limits();
		try (RedisBudgetStore store = store()) {
			Budget budget = store.create(limits);
			Lease lease = budget.acquire(tokens(400), 0).lease();
			budget.settleInBackground(lease, tokens(100));
			budget.settleInBackground(lease, tokens(100));
			assertThat(budget.settle(lease, Cost.ZERO)).isFalse();
			assertThat(available(budget)).isCloseTo(900, within(1e-6));
		}
	}

	@Test
	void settlementThatFailedInTheBackgroundShouldBeReplayedWhenTheStoreCloses() {
		assumeTrue(hasFunctions(), "Redis before 7 settles while the caller waits");
		ModelLimits limits = limits();
		try (RedisBudgetStore store = store()) {
			Budget budget = store.create(limits);
			Lease lease = budget.acquire(tokens(400), 0).lease();
			// the settlement is sent as a function Redis no longer knows: it fails on its way
			redis.command("FUNCTION FLUSH");
			budget.settleInBackground(lease, tokens(100));
			assertThat(budget.state().inFlight()).isEqualTo(1);
			assertThat(available(budget)).isCloseTo(600, within(1e-6));
		}
		try (RedisBudgetStore other = store()) {
			Budget budget = other.create(limits);
			assertThat(budget.state().inFlight()).isZero();
			assertThat(available(budget)).isCloseTo(900, within(1e-6));
		}
	}

	/**
	 * A store whose instance and scripts run on the test's clock; its heartbeat (which
	 * replays failed settlements too) comes every 20 minutes, after the test.
	 */
	private RedisBudgetStore store() {
		return RedisBudgetStore.builder(connectionFactory)
			.timeSource(this.time)
			.scriptTime(this.time)
			.waiterTimeout(Duration.ofHours(1))
			.build();
	}

	private static boolean hasFunctions() {
		return Integer.parseInt(redis.version().split("\\.")[0]) >= 7;
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available();
	}

	private static ModelLimits limits() {
		return ModelLimits.builder("model-" + UUID.randomUUID()).limit(Meter.TOKENS_PER_MINUTE, 1000).build();
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
