package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.store.RecordingListener;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The Redis store on a real Redis Cluster of three masters started by the test: every
 * script of every model runs (Redis Cluster refuses a script whose keys span slots), the
 * models' budgets spread over the masters, and instances still hear each other.
 */
@Timeout(120)
class RedisClusterTests {

	private static RedisTestCluster cluster;

	private static LettuceConnectionFactory connectionFactory;

	private final ManualTimeSource time = new ManualTimeSource();

	@BeforeAll
	static void startCluster() {
		cluster = RedisTestCluster.start();
		connectionFactory = cluster.connectionFactory();
	}

	@AfterAll
	static void stopCluster() {
		connectionFactory.destroy();
		cluster.close();
	}

	@Test
	void everyScriptShouldRunOnOneSlotForModelsSpreadOverEveryMaster() {
		List<String> models = fourModelsPerMaster();
		try (RedisBudgetStore store = store()) {
			for (String model : models) {
				runEveryScript(store, ModelLimits.builder(model).limit(Meter.TOKENS_PER_MINUTE, 60).build());
			}
			assertThat(store.isAvailable()).isTrue();
		}
		Set<Integer> masters = models.stream().map(RedisClusterTests::master).collect(Collectors.toSet());
		assertThat(masters).as("masters holding the budgets").hasSize(3);
		for (String model : models) {
			String budget = RedisBudgetKeys.of("llm-ratelimit", model).get(0);
			assertThat(cluster.nodes().get(master(model)).command("EXISTS " + budget)).as(model).isEqualTo(":1\r\n");
		}
	}

	/** Twelve new model names, four whose budgets hash to each master's slots. */
	private static List<String> fourModelsPerMaster() {
		String run = UUID.randomUUID().toString();
		int[] perMaster = new int[3];
		List<String> models = new ArrayList<>();
		for (int i = 0; models.size() < 12; i++) {
			String model = "cluster-" + i + "-" + run;
			if (perMaster[master(model)]++ < 4) {
				models.add(model);
			}
		}
		return models;
	}

	@Test
	void keysOfAModelShouldLiveInOneSlotOfTheMasterServingIt() {
		ModelLimits limits = ModelLimits.builder("cluster-keys-" + UUID.randomUUID())
			.limit(Meter.TOKENS_PER_MINUTE, 60)
			.build();
		try (RedisBudgetStore store = store()) {
			runEveryScript(store, limits);
		}
		List<String> keys = RedisBudgetKeys.of("llm-ratelimit", limits.model());
		Set<Integer> slots = keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
		assertThat(slots).hasSize(1);
		int slot = slots.iterator().next();
		RedisTestServer owner = cluster.nodes().get(master(limits.model()));
		String existing = owner.command("EXISTS " + String.join(" ", keys));
		assertThat(owner.command("CLUSTER COUNTKEYSINSLOT " + slot)).isEqualTo(existing).isNotEqualTo(":0\r\n");
	}

	@Test
	void freedBudgetShouldWakeWaitersOfOtherInstancesThroughTheCluster() {
		ModelLimits limits = ModelLimits.builder("cluster-wake-" + UUID.randomUUID())
			.limit(Meter.TOKENS_PER_MINUTE, 1000)
			.build();
		RecordingListener otherInstance = new RecordingListener();
		try (RedisBudgetStore first = RedisBudgetStore.builder(connectionFactory).build();
				RedisBudgetStore second = RedisBudgetStore.builder(connectionFactory).build()) {
			Budget budget = first.create(limits);
			Budget waiting = second.create(limits);
			waiting.addListener(otherInstance);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				QueuedWaiter.freeBudgetFor(budget, waiting, tokens(400));
				assertThat(otherInstance.changes).hasPositiveValue();
			});
		}
	}

	/** Every script the store has: acquire, poll, cancel, settle, sent, observe, state, touch and charge. */
	private void runEveryScript(RedisBudgetStore store, ModelLimits limits) {
		FailoverBudget budget = (FailoverBudget) store.create(limits);
		Lease lease = budget.acquire(tokens(50), 0).lease();
		Admission queued = budget.acquire(tokens(20), Duration.ofMinutes(1).toNanos());
		Admission behind = budget.acquire(tokens(5), Duration.ofMinutes(1).toNanos());
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		budget.redis().touch(List.of(queued.ticket().id(), behind.ticket().id()));
		assertThat(budget.cancel(behind.ticket())).isEmpty();
		budget.requestSent(lease);
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(60L, 10.0, null)), null, null), lease);
		assertThat(budget.settle(lease, tokens(30))).isTrue();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
		budget.redis().charge(new double[Meter.values().length]);
		budget.redis().reportOutage(amounts(Meter.TOKENS_PER_MINUTE, 1), 1, Duration.ofSeconds(1), Map.of(), "", null);
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(60);
		assertThat(budget.state().inFlight()).isEqualTo(1);
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available()).isCloseTo(39, within(1e-6));
	}

	private RedisBudgetStore store() {
		return RedisBudgetStore.builder(connectionFactory)
			.timeSource(this.time)
			.scriptTime(this.time)
			.waiterTimeout(Duration.ofHours(1))
			.build();
	}

	/** Index of the master serving a model's keys: the slots are split in three equal ranges. */
	private static int master(String model) {
		int slot = SlotHash.getSlot(RedisBudgetKeys.of("llm-ratelimit", model).get(0));
		return Math.min(2, slot * 3 / 16384);
	}

	private static double[] amounts(Meter meter, double amount) {
		double[] amounts = new double[Meter.values().length];
		amounts[meter.ordinal()] = amount;
		return amounts;
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
