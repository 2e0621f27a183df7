package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How the store calls its Lua on a server of its own: as functions of a library loaded
 * once on Redis 7 (loaded again when the server forgot it), as scripts before; settlements
 * made without waiting ride with the next acquisition (one call for both) or are sent alone
 * shortly after, count once, and one that failed on its way is replayed, at the latest when
 * the store closes.
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

	@Test
	void settlementShouldRideWithTheNextAcquisitionInOneCall() {
		assumeTrue(hasFunctions(), "Redis before 7 settles while the caller waits");
		try (RedisBudgetStore store = store(Duration.ofHours(1))) {
			Budget budget = store.create(limits());
			Lease lease = budget.acquire(tokens(400), 0).lease();
			redis.command("CONFIG RESETSTAT");
			budget.settleInBackground(lease, tokens(100));
			assertThat(budget.acquire(tokens(200), 0).status()).isEqualTo(Status.GRANTED);
			assertThat(functionCalls()).isEqualTo(1);
			assertThat(budget.state().inFlight()).isEqualTo(1);
			assertThat(available(budget)).isCloseTo(700, within(1e-6));
		}
	}

	@Test
	void settlementWithNoAcquisitionFollowingShouldBeSentAloneShortlyAfter() throws Exception {
		assumeTrue(hasFunctions(), "Redis before 7 settles while the caller waits");
		try (RedisBudgetStore store = store(Duration.ofMillis(2))) {
			Budget budget = store.create(limits());
			RedisBudget redisBudget = ((FailoverBudget) budget).redis();
			Lease lease = budget.acquire(tokens(400), 0).lease();
			redis.command("CONFIG RESETSTAT");
			CompletableFuture<Boolean> answer = redisBudget.settleInBackground(lease, tokens(100),
					redisBudget.newSettlementId());
			assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(functionCalls()).isEqualTo(1);
			assertThat(budget.state().inFlight()).isZero();
			assertThat(available(budget)).isCloseTo(900, within(1e-6));
		}
	}

	@Test
	void fullBatchOfSettlementsShouldBeSentAtOnce() throws Exception {
		assumeTrue(hasFunctions(), "Redis before 7 settles while the caller waits");
		try (RedisBudgetStore store = store(Duration.ofHours(1))) {
			Budget budget = store.create(limits());
			RedisBudget redisBudget = ((FailoverBudget) budget).redis();
			List<Lease> leases = new ArrayList<>();
			for (int i = 0; i < PendingSettlements.LIMIT; i++) {
				leases.add(budget.acquire(tokens(50), 0).lease());
			}
			redis.command("CONFIG RESETSTAT");
			List<CompletableFuture<Boolean>> answers = new ArrayList<>();
			for (Lease lease : leases) {
				answers.add(redisBudget.settleInBackground(lease, tokens(10), redisBudget.newSettlementId()));
			}
			for (CompletableFuture<Boolean> answer : answers) {
				assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(functionCalls()).isEqualTo(PendingSettlements.LIMIT);
			assertThat(budget.state().inFlight()).isZero();
			assertThat(available(budget)).isCloseTo(1000 - 10 * PendingSettlements.LIMIT, within(1e-6));
		}
	}

	@Test
	void settlementRidingWithAFailedAcquisitionShouldBeReplayedExactlyOnce() {
		assumeTrue(hasFunctions(), "Redis before 7 settles while the caller waits");
		ModelLimits limits = limits();
		try (RedisBudgetStore store = store(Duration.ofHours(1))) {
			Budget budget = store.create(limits);
			RedisBudget redisBudget = ((FailoverBudget) budget).redis();
			Lease lease = budget.acquire(tokens(400), 0).lease();
			budget.settleInBackground(lease, tokens(300));
			// Redis refuses the acquisition the settlement rides with: out of memory
			redis.command("CONFIG SET maxmemory 1");
			try {
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> redisBudget.acquire(tokens(200), 0, redisBudget.newRequestId()))
					.withStackTraceContaining("OOM");
			}
			finally {
				redis.command("CONFIG SET maxmemory 0");
			}
			assertThat(budget.state().inFlight()).isEqualTo(1);
			assertThat(available(budget)).isCloseTo(600, within(1e-6));
		}
		try (RedisBudgetStore other = store()) {
			Budget budget = other.create(limits);
			assertThat(budget.state().inFlight()).isZero();
			// refunded once: 100 back, not 200
			assertThat(available(budget)).isCloseTo(700, within(1e-6));
		}
	}

	/**
	 * A store whose instance and scripts run on the test's clock; its heartbeat (which
	 * replays failed settlements too) comes every 20 minutes, after the test.
	 */
	private RedisBudgetStore store() {
		return store(Duration.ofMillis(2));
	}

	/**
	 * Such a store whose settlements made without waiting wait at most
	 * {@code settlementDelay} for an acquisition to take them along.
	 */
	private RedisBudgetStore store(Duration settlementDelay) {
		return RedisBudgetStore.builder(connectionFactory)
			.timeSource(this.time)
			.scriptTime(this.time)
			.waiterTimeout(Duration.ofHours(1))
			.settlementDelay(settlementDelay)
			.build();
	}

	/** How many function calls Redis ran since its statistics were reset. */
	private static long functionCalls() {
		Matcher calls = Pattern.compile("cmdstat_fcall:calls=(\\d+)").matcher(redis.command("INFO commandstats"));
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
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
