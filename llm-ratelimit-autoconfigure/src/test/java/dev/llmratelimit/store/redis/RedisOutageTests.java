package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.store.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis is killed while two instances are busy, then restarted: with
 * {@code on-failure=local} callers never see an exception, availability goes down and up,
 * every reservation is settled exactly once, on the budget that granted it, and the
 * instances hear each other again.
 */
@Timeout(60)
class RedisOutageTests {

	private static final int INSTANCES = 2;

	private static final int THREADS_PER_INSTANCE = 4;

	private final ModelLimits limits = ModelLimits.builder("outage-model")
		// far above what the calls spend: what the fallback admits is charged to Redis on recovery
		.limit(Meter.REQUESTS_PER_MINUTE, 60_000_000)
		.limit(Meter.CONCURRENT_REQUESTS, 6)
		.build();

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	private final List<CountingBudget> budgets = new CopyOnWriteArrayList<>();

	private final List<String> availability = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private RedisTestServer redis;

	@BeforeEach
	void startRedis() {
		this.redis = RedisTestServer.start(true);
	}

	@AfterEach
	void stopEverything() {
		this.stores.forEach(RedisBudgetStore::close);
		this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
		this.redis.stop();
	}

	@Test
	void killedAndRestartedRedisShouldNeitherFailCallsNorLoseReservations() throws Exception {
		List<BudgetLimiter> limiters = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			limiters.add(instance(i));
		}
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
		for (BudgetLimiter limiter : limiters) {
			for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
				threads.execute(() -> callUntilStopped(limiter, running));
			}
		}
		awaitCalls(200);
		this.redis.kill();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.stores.stream().noneMatch(RedisBudgetStore::isAvailable));
		awaitCalls(this.calls.get() + 200);
		this.redis.restart();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.stores.stream().allMatch(RedisBudgetStore::isAvailable));
		awaitCalls(this.calls.get() + 200);
		running.set(false);
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(this.failures).isEmpty();
		assertThat(this.availability).containsExactlyInAnyOrder("0:down", "1:down", "0:up", "1:up");
		for (CountingBudget budget : this.budgets) {
			assertThat(budget.refusedSettlements).hasValue(0);
			assertThat(budget.settled).hasValue(budget.granted.get());
		}
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.budgets.get(0).state().inFlight()).isZero());
		assertThatInstancesHearEachOtherAgain();
	}

	private void assertThatInstancesHearEachOtherAgain() {
		RecordingListener secondInstance = new RecordingListener();
		this.budgets.get(1).addListener(secondInstance);
		CountingBudget first = this.budgets.get(0);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Cost oneCall = Cost.builder().set(Meter.REQUESTS_PER_MINUTE, 1).set(Meter.CONCURRENT_REQUESTS, 1).build();
			QueuedWaiter.freeBudgetFor(first, first, oneCall);
			assertThat(secondInstance.changes).hasPositiveValue();
		});
	}

	private BudgetLimiter instance(int index) {
		LettuceConnectionFactory connectionFactory = this.redis.connectionFactory();
		this.connectionFactories.add(connectionFactory);
		RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory)
			.expectedInstances(INSTANCES)
			.retryInterval(Duration.ofMillis(200))
			.build();
		store.addAvailabilityListener(
				(source, available) -> this.availability.add(index + (available ? ":up" : ":down")));
		this.stores.add(store);
		return BudgetLimiter.builder().budgetFactory((limits) -> {
			CountingBudget budget = new CountingBudget(store.create(limits));
			this.budgets.add(budget);
			return budget;
		}).model(this.limits).build();
	}

	private void callUntilStopped(BudgetLimiter limiter, AtomicBoolean running) {
		while (running.get()) {
			try {
				limiter.reserve(this.limits.model(), 10, 10, Duration.ofSeconds(10)).complete(LlmUsage.of(10, 5));
				this.calls.incrementAndGet();
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				return;
			}
		}
	}

	private void awaitCalls(int count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.calls.get() >= count || !this.failures.isEmpty());
	}

}
