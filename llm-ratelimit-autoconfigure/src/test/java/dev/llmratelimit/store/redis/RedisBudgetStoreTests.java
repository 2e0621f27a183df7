package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimitStoreUnavailableException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.Ticket;
import dev.llmratelimit.store.RecordingListener;
import dev.llmratelimit.store.redis.RedisBudgetStore.RedisFailureMode;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What the Redis store adds to the budget contract: shared budgets, key layout, dead
 * waiters, wake-ups across instances and lease expiry on the server's clock.
 */
@Timeout(60)
class RedisBudgetStoreTests {

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.shared().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void embeddedRedisShouldBeRecentEnoughToReplicateScriptEffects() {
		int major = Integer.parseInt(RedisTestServer.shared().version().split("\\.")[0]);
		assertThat(major).isGreaterThanOrEqualTo(5);
	}

	@Test
	void keysOfAModelShouldShareOneClusterSlot() {
		List<String> keys = RedisBudgetKeys.of("llm-ratelimit", "claude-sonnet-4-5");
		assertThat(keys).allSatisfy((key) -> assertThat(key).startsWith("{llm-ratelimit:claude-sonnet-4-5}:"));
		assertThat(keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet())).hasSize(1);
	}

	@Test
	void instancesWithTheSamePrefixShouldShareOneBudget() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore first = store().build(); RedisBudgetStore second = store().build()) {
			first.create(limits).acquire(tokens(400), 0);
			Budget seenBySecond = second.create(limits);
			assertThat(seenBySecond.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isBetween(600.0,
					700.0);
			assertThat(seenBySecond.state().inFlight()).isEqualTo(1);
		}
	}

	@Test
	void cooldownAndLearnedLimitsShouldBeSharedByInstances() {
		ModelLimits limits = limits().build();
		try (RedisBudgetStore first = store().build(); RedisBudgetStore second = store().build()) {
			first.create(limits)
				.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED,
						Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(5000L, 100.0, null)), Duration.ofSeconds(30),
						null));
			Budget seenBySecond = second.create(limits);
			Admission refused = seenBySecond.acquire(tokens(10), 0);
			assertThat(refused.status()).isEqualTo(Status.REJECTED);
			assertThat(refused.meter()).isNull();
			assertThat(seenBySecond.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(5000);
		}
	}

	@Test
	void settlementSentTwiceShouldBeAppliedOnceAndAnsweredAlike() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().build()) {
			RedisBudget budget = ((FailoverBudget) store.create(limits)).redis();
			Lease lease = budget.acquire(tokens(400), 0).lease();
			assertThat(budget.settle(lease, tokens(100), "request-1")).isTrue();
			assertThat(budget.settle(lease, tokens(100), "request-1")).isTrue();
			assertThat(budget.settle(lease, tokens(100), "request-2")).isFalse();
			assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isBetween(900.0, 950.0);
		}
	}

	@Test
	void instancesWithAnotherPrefixShouldNotShareTheBudget() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore first = store().build();
				RedisBudgetStore other = store().keyPrefix("other-app").build()) {
			first.create(limits).acquire(tokens(400), 0);
			assertThat(other.create(limits).state().inFlight()).isZero();
		}
	}

	@Test
	void acquisitionSentTwiceShouldBeAdmittedOnce() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().build()) {
			RedisBudget budget = ((FailoverBudget) store.create(limits)).redis();
			Lease first = budget.acquire(tokens(400), 0, "request-1").lease();
			Lease again = budget.acquire(tokens(400), 0, "request-1").lease();

			assertThat(again.id()).isEqualTo(first.id());
			assertThat(budget.state().inFlight()).isEqualTo(1);
			assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isBetween(600.0, 610.0);
		}
	}

	@Test
	void releasingAnAcquisitionWhoseReplyWasLostShouldGiveItsLeaseBack() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000)
			.limit(Meter.CONCURRENT_REQUESTS, 2)
			.build();
		try (RedisBudgetStore store = store().build()) {
			RedisBudget budget = ((FailoverBudget) store.create(limits)).redis();
			Cost cost = Cost.builder().set(Meter.TOKENS_PER_MINUTE, 400).set(Meter.CONCURRENT_REQUESTS, 1).build();
			budget.acquire(cost, 0, "request-1");

			budget.release("request-1", cost);

			assertThat(budget.state().inFlight()).isZero();
			assertThat(budget.state().meters().get(Meter.CONCURRENT_REQUESTS).available()).isEqualTo(2);
			assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isBetween(999.0, 1000.0);
		}
	}

	@Test
	void releasingAQueuedAcquisitionWhoseReplyWasLostShouldLeaveTheQueue() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().build()) {
			RedisBudget budget = ((FailoverBudget) store.create(limits)).redis();
			budget.acquire(tokens(1000), 0, "request-1");
			assertThat(budget.acquire(tokens(500), Duration.ofMinutes(5).toNanos(), "request-2").status())
				.isEqualTo(Status.QUEUED);

			budget.release("request-2", tokens(500));

			assertThat(budget.state().waiting()).isZero();
		}
	}

	@Test
	void keysShouldExpireWhenTheBudgetIsIdle() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().build()) {
			store.create(limits).acquire(tokens(400), 0);
		}
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		for (String key : List.of("budget", "leases", "lease-costs")) {
			Long ttl = redis.getExpire("{llm-ratelimit:" + limits.model() + "}:" + key);
			assertThat(ttl).as(key).isBetween(60L, 60L + 60 + 300 + 10 + 1);
		}
	}

	@Test
	void everyKeyABudgetWritesShouldExpire() {
		ManualTimeSource time = new ManualTimeSource();
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().timeSource(time)
			.scriptTime(time)
			.waiterTimeout(Duration.ofMinutes(2))
			.observationLag(Duration.ofSeconds(1))
			.build()) {
			Budget budget = store.create(limits);
			Lease first = budget.acquire(tokens(600), 0).lease();
			Lease second = budget.acquire(tokens(300), 0).lease();
			Admission queued = budget.acquire(tokens(500), Duration.ofMinutes(5).toNanos());
			budget.settle(first, tokens(600));
			time.advance(Duration.ofSeconds(40));
			assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
			budget.settle(second, tokens(100));
			budget.observe(new ProviderSnapshot(ResponseKind.OK,
					Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 500.0, null)), null, null));
		}
		String tag = "{llm-ratelimit:" + limits.model() + "}:";
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		List<String> keys = RedisBudgetKeys.of("llm-ratelimit", limits.model());
		assertThat(keys.stream().filter((key) -> Boolean.TRUE.equals(redis.hasKey(key)))).contains(tag + "budget",
				tag + "leases", tag + "settled", tag + "external", tag + "tickets");
		for (String key : keys) {
			Long ttl = redis.getExpire(key);
			assertThat(ttl).as(key).isNotEqualTo(-1L);
		}
	}

	@Test
	void waiterOfAnInstanceThatStoppedShouldLeaveTheQueue() {
		ManualTimeSource time = new ManualTimeSource();
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = storeOn(time, Duration.ofSeconds(5))) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			try (RedisBudgetStore stopped = storeOn(time, Duration.ofSeconds(5))) {
				stopped.create(limits).acquire(tokens(50), Duration.ofMinutes(5).toNanos());
			}
			Ticket alive = budget.acquire(tokens(5), Duration.ofMinutes(5).toNanos()).ticket();
			time.advance(Duration.ofSeconds(4));
			budget.poll(alive);
			time.advance(Duration.ofSeconds(2));
			assertThat(budget.poll(alive).status()).isEqualTo(Status.GRANTED);
			assertThat(budget.state().waiting()).isZero();
		}
	}

	@Test
	void leaseGrantedToAWaiterWhoseInstanceStoppedShouldBeGivenBack() {
		ManualTimeSource time = new ManualTimeSource();
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = storeOn(time, Duration.ofSeconds(5))) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			try (RedisBudgetStore stopped = storeOn(time, Duration.ofSeconds(5))) {
				stopped.create(limits).acquire(tokens(3), Duration.ofMinutes(5).toNanos());
			}
			time.advance(Duration.ofSeconds(4));
			assertThat(budget.state().inFlight()).as("granted, never collected").isEqualTo(2);
			time.advance(Duration.ofSeconds(2));
			assertThat(budget.state().inFlight()).isEqualTo(1);
			assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isCloseTo(6,
					within(1e-6));
		}
	}

	@Test
	void waiterThatSleepsLongerThanTheWaiterTimeoutShouldKeepItsPlace() {
		ScaledTimeSource time = new ScaledTimeSource(20);
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = storeOn(time, Duration.ofSeconds(6))) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			budget.acquire(tokens(50), Duration.ofMinutes(5).toNanos());
			budget.acquire(tokens(5), Duration.ofMinutes(5).toNanos());
			long queuedAt = time.nanoTime();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> time.nanoTime() - queuedAt > Duration.ofSeconds(20).toNanos());
			assertThat(budget.state().waiting()).as("neither waiter looked at its place, both keep it")
				.isEqualTo(2);
		}
	}

	@Test
	void pollSentAgainAfterAGrantShouldAnswerTheSameLease() {
		ManualTimeSource time = new ManualTimeSource();
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = storeOn(time, Duration.ofHours(1))) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			Ticket ticket = budget.acquire(tokens(30), Duration.ofMinutes(5).toNanos()).ticket();
			time.advance(Duration.ofSeconds(30));
			Admission granted = budget.poll(ticket);
			assertThat(granted.status()).isEqualTo(Status.GRANTED);
			Admission again = budget.poll(ticket);
			assertThat(again.status()).isEqualTo(Status.GRANTED);
			assertThat(again.lease()).isEqualTo(granted.lease());
			assertThat(budget.state().inFlight()).isEqualTo(2);
			assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isCloseTo(0, within(1e-6));
		}
	}

	@Test
	void cancelSentAgainAfterAGrantShouldAnswerTheSameLease() {
		ManualTimeSource time = new ManualTimeSource();
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = storeOn(time, Duration.ofHours(1))) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			Ticket ticket = budget.acquire(tokens(30), Duration.ofMinutes(5).toNanos()).ticket();
			time.advance(Duration.ofSeconds(30));
			assertThat(budget.state().inFlight()).isEqualTo(2);
			Lease lease = budget.cancel(ticket).orElseThrow();
			assertThat(budget.cancel(ticket)).contains(lease);
			assertThat(budget.settle(lease, Cost.ZERO)).isTrue();
			assertThat(budget.state().inFlight()).isEqualTo(1);
		}
	}

	@Test
	void ticketRedisNoLongerKnowsShouldJoinTheQueueAgain() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 60).build();
		try (RedisBudgetStore store = store().build()) {
			Budget budget = store.create(limits);
			budget.acquire(tokens(60), 0);
			Admission admission = budget.poll(new Ticket("T-from-before-a-restart", tokens(30)));
			assertThat(admission.status()).isEqualTo(Status.QUEUED);
			assertThat(budget.state().waiting()).isEqualTo(1);
		}
	}

	@Test
	void freedBudgetShouldWakeWaitersOfOtherInstances() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		RecordingListener otherInstance = new RecordingListener();
		try (RedisBudgetStore first = store().build(); RedisBudgetStore second = store().build()) {
			Budget waiting = second.create(limits);
			waiting.addListener(otherInstance);
			QueuedWaiter.freeBudgetFor(first.create(limits), waiting, tokens(400));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(otherInstance.changes).hasPositiveValue());
		}
	}

	@Test
	void freedBudgetShouldBeAnnouncedOnlyWhenSomeoneWaits() {
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		try (RedisBudgetStore store = store().build()) {
			Budget budget = store.create(limits);
			long before = publishes();
			budget.settle(budget.acquire(tokens(400), 0).lease(), tokens(100));
			assertThat(publishes()).isEqualTo(before);
			Lease lease = budget.acquire(tokens(400), 0).lease();
			assertThat(budget.acquire(tokens(700), Duration.ofMinutes(1).toNanos()).status()).isEqualTo(Status.QUEUED);
			budget.settle(lease, tokens(100));
			assertThat(publishes()).isEqualTo(before + 1);
		}
	}

	@Test
	void storeStartedWhileRedisIsDownShouldHearOtherInstancesOnceRedisIsUp() {
		RedisTestServer redis = RedisTestServer.start(false);
		redis.stop();
		LettuceConnectionFactory late = redis.connectionFactory();
		LettuceConnectionFactory early = null;
		ModelLimits limits = limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build();
		RecordingListener listener = new RecordingListener();
		try (RedisBudgetStore lateStore = RedisBudgetStore.builder(late)
			.retryInterval(Duration.ofMillis(200))
			.build()) {
			lateStore.create(limits).addListener(listener);
			redis.restart();
			early = redis.connectionFactory();
			try (RedisBudgetStore other = RedisBudgetStore.builder(early).build()) {
				Budget budget = other.create(limits);
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					QueuedWaiter.freeBudgetFor(budget, budget, tokens(400));
					assertThat(listener.changes).hasPositiveValue();
				});
			}
		}
		finally {
			late.destroy();
			if (early != null) {
				early.destroy();
			}
			redis.stop();
		}
	}

	@Test
	void waiterShouldBeGrantedSoonAfterAnotherInstanceReleasesConcurrency() {
		ModelLimits limits = limits().limit(Meter.CONCURRENT_REQUESTS, 1).build();
		try (RedisBudgetStore first = store().waiterTimeout(Duration.ofMinutes(1)).build();
				RedisBudgetStore second = store().waiterTimeout(Duration.ofMinutes(1)).build()) {
			BudgetLimiter holder = BudgetLimiter.builder().budgetFactory(first).model(limits).build();
			BudgetLimiter waiter = BudgetLimiter.builder().budgetFactory(second).model(limits).build();
			Reservation held = holder.reserve(limits.model(), 10, 10);
			Thread release = new Thread(() -> {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> holder.headroom(limits.model()).orElseThrow().waiting() == 1);
				held.complete(LlmUsage.of(10, 10));
			});
			release.start();
			Reservation granted = waiter.reserve(limits.model(), 10, 10, Duration.ofSeconds(15));
			assertThat(granted.waited()).isLessThan(Duration.ofSeconds(10));
			granted.complete(LlmUsage.of(10, 10));
		}
	}

	@Test
	void reservationNeverSettledShouldBeReturnedAfterTheLeaseTime() {
		ModelLimits limits = limits().limit(Meter.CONCURRENT_REQUESTS, 1).build();
		try (RedisBudgetStore store = store().leaseTimeout(Duration.ofMillis(500))
			.waiterTimeout(Duration.ofMillis(600))
			.build()) {
			BudgetLimiter limiter = BudgetLimiter.builder().budgetFactory(store).model(limits).build();
			limiter.reserve(limits.model(), 10, 10);
			assertThat(limiter.tryReserve(limits.model(), 10, 10)).isEmpty();
			Reservation next = limiter.reserve(limits.model(), 10, 10, Duration.ofSeconds(10));
			assertThat(next.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
			assertThat(store.create(limits).state().inFlight()).isEqualTo(1);
		}
	}

	@Test
	void unreachableRedisWithLocalFailureShouldUseThisInstancesShareOfTheLimits() {
		LettuceConnectionFactory nowhere = unreachable();
		ModelLimits limits = limits().limit(Meter.REQUESTS_PER_MINUTE, 30).build();
		List<Boolean> changes = new CopyOnWriteArrayList<>();
		try (RedisBudgetStore store = RedisBudgetStore.builder(nowhere).expectedInstances(3).build()) {
			store.addAvailabilityListener((source, available) -> changes.add(available));
			BudgetLimiter limiter = BudgetLimiter.builder().budgetFactory(store).model(limits).build();
			int admitted = 0;
			while (limiter.tryReserve(limits.model(), 1, 1).isPresent()) {
				admitted++;
			}
			assertThat(admitted).isEqualTo(10);
			assertThat(store.isAvailable()).isFalse();
			assertThat(store.details()).containsKey("unavailableSince").containsKey("error");
			assertThat(changes).containsExactly(false);
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void unreachableRedisWithRejectFailureShouldRefuseCallsClearly() {
		LettuceConnectionFactory nowhere = unreachable();
		ModelLimits limits = limits().limit(Meter.REQUESTS_PER_MINUTE, 30).build();
		try (RedisBudgetStore store = RedisBudgetStore.builder(nowhere).onFailure(RedisFailureMode.REJECT).build()) {
			BudgetLimiter limiter = BudgetLimiter.builder().budgetFactory(store).model(limits).build();
			assertThatExceptionOfType(LlmRateLimitStoreUnavailableException.class)
				.isThrownBy(() -> limiter.reserve(limits.model(), 1, 1))
				.withMessageContaining("'" + limits.model() + "'")
				.withMessageContaining("on-failure is 'reject'")
				.satisfies((ex) -> assertThat(ex.store()).isEqualTo("redis"));
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void unreachableRedisWithAllowFailureShouldAdmitEveryCall() {
		LettuceConnectionFactory nowhere = unreachable();
		ModelLimits limits = limits().limit(Meter.REQUESTS_PER_MINUTE, 3).build();
		try (RedisBudgetStore store = RedisBudgetStore.builder(nowhere).onFailure(RedisFailureMode.ALLOW).build()) {
			BudgetLimiter limiter = BudgetLimiter.builder().budgetFactory(store).model(limits).build();
			for (int i = 0; i < 20; i++) {
				limiter.reserve(limits.model(), 1, 1, Duration.ZERO).complete(LlmUsage.of(1, 1));
			}
			assertThat(limiter.headroom(limits.model()).orElseThrow().inFlight()).isZero();
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void rateLimitExceededShouldStillBeReportedByTheRedisStore() {
		ModelLimits limits = limits().limit(Meter.REQUESTS_PER_MINUTE, 2).build();
		try (RedisBudgetStore store = store().build()) {
			BudgetLimiter limiter = BudgetLimiter.builder().budgetFactory(store).model(limits).build();
			limiter.reserve(limits.model(), 1, 1);
			limiter.reserve(limits.model(), 1, 1);
			assertThatExceptionOfType(LlmRateLimitExceededException.class)
				.isThrownBy(() -> limiter.reserve(limits.model(), 1, 1, Duration.ofSeconds(1)))
				.satisfies((ex) -> assertThat(ex.retryAfter()).isCloseTo(Duration.ofSeconds(30),
						Duration.ofSeconds(1)));
		}
	}

	private static RedisBudgetStore.Builder store() {
		return RedisBudgetStore.builder(connectionFactory);
	}

	/** A store whose instance and scripts both run on {@code time}. */
	private static RedisBudgetStore storeOn(TimeSource time, Duration waiterTimeout) {
		return store().timeSource(time).scriptTime(time).waiterTimeout(waiterTimeout).build();
	}

	/** How many times the shared test server has published, budget announcements included. */
	private static long publishes() {
		String stats = RedisTestServer.shared().command("INFO commandstats");
		Matcher calls = Pattern.compile("cmdstat_publish:calls=(\\d+)").matcher(stats);
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
	}

	private static LettuceConnectionFactory unreachable() {
		RedisTestServer stopped = RedisTestServer.start(false);
		stopped.stop();
		return stopped.connectionFactory();
	}

	private static ModelLimits.Builder limits() {
		return ModelLimits.builder("model-" + UUID.randomUUID());
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
