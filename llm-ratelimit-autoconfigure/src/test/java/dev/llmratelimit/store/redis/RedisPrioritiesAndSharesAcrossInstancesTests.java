package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.Ticket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Priorities and per-key shares across three instances (three stores, each with its own
 * instance id) sharing one budget in a real Redis, on one manual clock that the scripts
 * read too.
 */
@Timeout(60)
class RedisPrioritiesAndSharesAcrossInstancesTests {

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private static final Cost ONE = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1));

	private static LettuceConnectionFactory connectionFactory;

	private final ManualTimeSource time = new ManualTimeSource();

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String model = "shared-" + System.nanoTime();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServer.shared().connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@AfterEach
	void close() {
		this.executor.shutdownNow();
		this.stores.forEach(RedisBudgetStore::close);
	}

	@Test
	void highPriorityCallsOfOneInstanceShouldGoBeforeCallsQueuedEarlierOnOthers() {
		ModelLimits limits = limits().build();
		Budget first = instance().create(limits);
		Budget second = instance().create(limits);
		Budget third = instance().create(limits);
		while (first.acquire(ONE, 0).status() == Status.GRANTED) {
			// take every request the shared budget has
		}
		List<Waiting> waiting = new ArrayList<>();
		waiting.add(queue("first LOW", first, Priority.LOW));
		waiting.add(queue("first NORMAL", first, Priority.NORMAL));
		waiting.add(queue("second NORMAL", second, Priority.NORMAL));
		waiting.add(queue("third HIGH", third, Priority.HIGH));
		waiting.add(queue("second HIGH", second, Priority.HIGH));
		assertThat(third.state().waitingByPriority())
			.containsExactlyInAnyOrderEntriesOf(Map.of(Priority.HIGH, 2, Priority.NORMAL, 2, Priority.LOW, 1));
		List<String> served = new ArrayList<>();
		// one request refills a second; the low call also waits for the reserve of 12
		List<String> names = new ArrayList<>();
		for (int seconds = 1; seconds <= 20 && served.size() < waiting.size(); seconds++) {
			this.time.advance(Duration.ofSeconds(1));
			for (Waiting call : waiting) {
				if (!names.contains(call.name) && call.budget.poll(call.ticket).status() == Status.GRANTED) {
					names.add(call.name);
					served.add(call.name + " after " + seconds + " s");
				}
			}
		}
		assertThat(served).containsExactly("third HIGH after 1 s", "second HIGH after 2 s", "first NORMAL after 3 s",
				"second NORMAL after 4 s", "first LOW after 17 s");
	}

	@Test
	void greedyKeyShouldBeHeldToItsShareWhicheverInstancesItCallsThrough() {
		ModelLimits limits = limits().maxSharePerKey(0.25).build();
		Budget first = instance().create(limits);
		Budget second = instance().create(limits);
		Budget third = instance().create(limits);
		for (int i = 0; i < 15; i++) {
			Budget budget = List.of(first, second, third).get(i % 3);
			assertThat(budget.acquire(ONE, 0, tenant("greedy")).status()).isEqualTo(Status.GRANTED);
		}
		for (Budget budget : List.of(first, second, third)) {
			Admission refused = budget.acquire(ONE, 0, tenant("greedy"));
			assertThat(refused.status()).isEqualTo(Status.REJECTED);
			assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
		}
		assertThat(third.acquire(ONE, 0, tenant("modest")).status()).isEqualTo(Status.GRANTED);
		assertThat(first.state().keysNearShare())
			.containsExactly(new BudgetState.KeyShare("greedy", Meter.REQUESTS_PER_MINUTE, 0.25, 0.25));
		// the greedy key waiting on one instance does not hold back another key on another
		Admission greedy = second.acquire(ONE, FOREVER, tenant("greedy"));
		assertThat(greedy.status()).isEqualTo(Status.QUEUED);
		assertThat(first.acquire(ONE, FOREVER, tenant("patient")).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(4));
		assertThat(second.poll(greedy.ticket()).status()).isEqualTo(Status.GRANTED);
		assertThat(third.acquire(ONE, 0, tenant("greedy")).status()).isEqualTo(Status.REJECTED);
	}

	@Test
	void highPriorityCallerOnAnotherInstanceShouldBeWokenWhenTheQueueServesItsTicket() throws Exception {
		ModelLimits limits = ModelLimits.builder(this.model)
			.limit(Meter.REQUESTS_PER_MINUTE, 1)
			.lowPriorityReserve(0)
			.build();
		BudgetLimiter first = limiter(limits);
		BudgetLimiter second = limiter(limits);
		first.reserve(this.model, 0, 1, Duration.ZERO);
		List<String> admitted = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> low = caller(first, Priority.LOW, "first LOW", admitted);
		awaitWaiting(first, 1);
		CompletableFuture<Void> normal = caller(first, Priority.NORMAL, "first NORMAL", admitted);
		awaitWaiting(first, 2);
		CompletableFuture<Void> high = caller(second, Priority.HIGH, "second HIGH", admitted);
		awaitWaiting(first, 3);
		for (int i = 1; i <= 3; i++) {
			this.time.advance(Duration.ofMinutes(1));
			// only the first instance looks: its first waiter (the low one) serves the queue,
			// and the script's announcement wakes the waiter of the ticket it served
			first.wakeWaiters();
			while (admitted.size() < i) {
				Thread.onSpinWait();
			}
		}
		CompletableFuture.allOf(low, normal, high).get(10, TimeUnit.SECONDS);
		assertThat(admitted).containsExactly("second HIGH", "first NORMAL", "first LOW");
	}

	@Test
	void keysHeldInRedisShouldStayBoundedAndBeForgottenOnceTheyHoldNothing() {
		ModelLimits limits = ModelLimits.builder(this.model)
			.limit(Meter.REQUESTS_PER_MINUTE, 1_000_000)
			.maxSharePerKey(0.5)
			.build();
		Budget first = instance().create(limits);
		Budget second = instance().create(limits);
		for (int i = 0; i <= 10_000; i++) {
			assertThat(((i % 2 == 0) ? first : second).acquire(ONE, 0, tenant("k" + i)).status())
				.isEqualTo(Status.GRANTED);
		}
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		String holdings = RedisBudgetKeys.of("llm-ratelimit", this.model).get(8);
		assertThat(redis.opsForHash().size(holdings)).isEqualTo(10_000);
		assertThat(redis.opsForHash().hasKey(holdings, "(other keys)")).isTrue();
		assertThat(redis.getExpire(holdings)).isPositive();
		// a minute later every key has its share back and holds nothing
		this.time.advance(Duration.ofMinutes(1));
		assertThat(first.acquire(ONE, 0, tenant("new")).status()).isEqualTo(Status.GRANTED);
		assertThat(redis.opsForHash().keys(holdings)).containsExactly("new");
	}

	private RedisBudgetStore instance() {
		RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory)
			.timeSource(this.time)
			.scriptTime(this.time)
			.admissionMargin(Duration.ZERO)
			.observationLag(Duration.ZERO)
			.waiterTimeout(Duration.ofHours(1))
			.build();
		this.stores.add(store);
		return store;
	}

	private BudgetLimiter limiter(ModelLimits limits) {
		return BudgetLimiter.builder().timeSource(this.time).budgetFactory(instance()).model(limits).build();
	}

	private ModelLimits.Builder limits() {
		return ModelLimits.builder(this.model).limit(Meter.REQUESTS_PER_MINUTE, 60);
	}

	private CompletableFuture<Void> caller(BudgetLimiter limiter, Priority priority, String name,
			List<String> admitted) {
		return CompletableFuture.runAsync(() -> {
			limiter.reserve(ReservationRequest.builder(this.model)
				.maxTokens(1)
				.maxWait(Duration.ofHours(1))
				.priority(priority)
				.build());
			admitted.add(name);
		}, this.executor);
	}

	private void awaitWaiting(BudgetLimiter limiter, int waiting) {
		while (limiter.headroom(this.model).orElseThrow().waiting() < waiting) {
			Thread.onSpinWait();
		}
	}

	private static Waiting queue(String name, Budget budget, Priority priority) {
		Admission admission = budget.acquire(ONE, FOREVER, new Claimant(priority, null));
		assertThat(admission.status()).isEqualTo(Status.QUEUED);
		return new Waiting(name, budget, admission.ticket());
	}

	private static Claimant tenant(String key) {
		return new Claimant(Priority.NORMAL, key);
	}

	private record Waiting(String name, Budget budget, Ticket ticket) {
	}

}
