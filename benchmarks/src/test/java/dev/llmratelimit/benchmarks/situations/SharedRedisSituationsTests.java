package dev.llmratelimit.benchmarks.situations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmratelimit.store.redis.RedisBudgetStore;
import dev.llmratelimit.test.redis.LocalRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "provider's truth" situations with three instances sharing one budget in a real
 * Redis (each its own limiter and Redis store, the scripts reading the run's manual
 * clock), exact figures: the shared budget learns as one in-memory budget does (the same
 * workers, split over three instances), and a neighbour on the key is told from the other
 * instances, which report their spending through Redis. Three in-memory instances with the
 * console's limits draw 2 429s ({@code SituationsTests}).
 */
@Timeout(120)
class SharedRedisSituationsTests {

	private LocalRedisServer redis;

	private LettuceConnectionFactory connectionFactory;

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	@BeforeEach
	void startRedis() {
		this.redis = LocalRedisServer.start();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void stopRedis() {
		this.stores.forEach(RedisBudgetStore::close);
		this.connectionFactory.destroy();
		this.redis.close();
	}

	@Test
	void fixedLimitsThreeInstancesOnRedis() {
		assertResult(Situation.fixedLimits(), 43, 0, 0, 43, 100.0);
	}

	@Test
	void providerDoublesEveryLimitThreeInstancesOnRedis() {
		assertResult(Situation.promotion(), 116, 0, 0, 114, 100.0);
	}

	@Test
	void providerHalvesOutputTokensPerMinuteThreeInstancesOnRedis() {
		assertResult(Situation.outputCut(), 32, 0, 0, 34, 100.0);
	}

	@Test
	void neighbourSpendsHalfTheOutputMeterBesideThreeInstancesOnRedis() {
		assertResult(Situation.neighbour(), 21, 0, 0, 21, 100.0);
	}

	private void assertResult(Situation alone, long calls, long rejected, long rejectedInRun, long completed,
			double bindingUsedPercent) {
		Situation situation = new Situation(alone.name() + ", 3 instances on Redis", alone.provider(), false,
				alone.measuredFrom(), 3);
		SituationResult result = run(situation);
		System.out.println(result);
		assertThat(result).isEqualTo(new SituationResult(situation.name(), calls, rejected, rejectedInRun, completed,
				bindingUsedPercent));
	}

	private SituationResult run(Situation situation) {
		String prefix = "situation-" + System.nanoTime();
		return new SituationRun(situation, (clock) -> {
			RedisBudgetStore store = RedisBudgetStore.builder(this.connectionFactory)
				.keyPrefix(prefix)
				.timeSource(clock)
				.scriptTime(clock)
				.admissionMargin(Duration.ofMillis(500))
				.observationLag(Duration.ofMillis(200))
				.waiterTimeout(Duration.ofHours(1))
				.build();
			this.stores.add(store);
			return store;
		}).run();
	}

}
