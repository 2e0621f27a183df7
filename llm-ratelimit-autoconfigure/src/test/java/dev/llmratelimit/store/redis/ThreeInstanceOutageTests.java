package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.UUID;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The fixture of the tests that kill the Redis of one of three instances sharing 900
 * tokens a minute ({@code on-failure=local}): a Redis of its own, a store of the instance
 * under test (100 ms between probes, 3 s waiter timeout), a fresh model, one manual clock
 * for the scripts and the fallbacks, and the presumption its outage reports carry.
 */
@Timeout(60)
abstract class ThreeInstanceOutageTests {

	/** How long an instance back from an outage presumes the others spent: 1 s of probes and the 3 s waiter timeout. */
	protected static final Duration PRESUMPTION = Duration.ofSeconds(4);

	protected final ManualTimeSource time = new ManualTimeSource();

	protected final ModelLimits limits = ModelLimits.builder("outage-" + UUID.randomUUID())
		.limit(Meter.TOKENS_PER_MINUTE, 900)
		.build();

	protected RedisTestServer redis;

	protected LettuceConnectionFactory connections;

	protected RedisBudgetStore store;

	private final boolean redisKeepsItsData;

	/**
	 * Creates the fixture.
	 * @param redisKeepsItsData whether the killed Redis comes back with its data (with
	 * persistence) or empty
	 */
	protected ThreeInstanceOutageTests(boolean redisKeepsItsData) {
		this.redisKeepsItsData = redisKeepsItsData;
	}

	@BeforeEach
	void startRedis() {
		this.redis = RedisTestServer.start(this.redisKeepsItsData);
		this.connections = this.redis.connectionFactory();
		this.store = store(Duration.ofMillis(100));
	}

	@AfterEach
	void stopRedis() {
		this.store.close();
		this.connections.destroy();
		this.redis.stop();
	}

	/**
	 * Another instance's store on the same Redis and clock, closed by the caller.
	 * @param retryInterval how long between its probes while Redis is down
	 * @return the store
	 */
	protected RedisBudgetStore store(Duration retryInterval) {
		return RedisBudgetStore.builder(this.connections)
			.expectedInstances(3)
			.retryInterval(retryInterval)
			.waiterTimeout(Duration.ofSeconds(3))
			.timeSource(this.time)
			.scriptTime(this.time)
			.build();
	}

	/**
	 * Per meter ordinal, the tokens-per-minute amount given, as outage reports carry it.
	 * @param tokens the tokens
	 * @return the amounts
	 */
	protected static double[] amounts(double tokens) {
		double[] amounts = new double[Meter.values().length];
		amounts[Meter.TOKENS_PER_MINUTE.ordinal()] = tokens;
		return amounts;
	}

	/**
	 * What the tokens-per-minute meter of a budget could admit now.
	 * @param budget the budget
	 * @return the level
	 */
	protected static double available(Budget budget) {
		return budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available();
	}

	/**
	 * A cost of tokens per minute.
	 * @param amount how many
	 * @return the cost
	 */
	protected static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
