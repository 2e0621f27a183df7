package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis budget stores for the contract suites, on the servers shared by the test run: the
 * machine's Redis (7 or later, where the store runs its operations as functions) or
 * embedded-redis's 6.2.6 (where it sends scripts). The scripts read the test's clock
 * instead of the server's {@code TIME}, so that time moves only when a test says so, and
 * waiters that stop polling keep their place for an hour, as the tests move time by
 * minutes.
 */
final class ContractStores {

	private static LettuceConnectionFactory sharedServer;

	private static LettuceConnectionFactory redis6;

	private ContractStores() {
	}

	/**
	 * A store on the server shared by the test run ({@link RedisTestServer#shared()}).
	 * @param time the test's clock, read by the store and its scripts
	 * @param leaseTimeout how long a lease may stay unsettled
	 * @param admissionMargin the margin kept at admission
	 * @param observationLag how long a call may be on its way before the provider counts it
	 * @return the store
	 */
	static synchronized BudgetStore onTheSharedServer(TimeSource time, Duration leaseTimeout,
			Duration admissionMargin, Duration observationLag) {
		if (sharedServer == null) {
			sharedServer = RedisTestServer.shared().connectionFactory();
		}
		return onTheTestsClock(sharedServer, time, leaseTimeout, admissionMargin, observationLag);
	}

	/**
	 * A store on the Redis 6.2 server shared by the test run
	 * ({@link RedisTestServer#sharedRedis6()}).
	 * @param time the test's clock, read by the store and its scripts
	 * @param leaseTimeout how long a lease may stay unsettled
	 * @param admissionMargin the margin kept at admission
	 * @param observationLag how long a call may be on its way before the provider counts it
	 * @return the store
	 */
	static synchronized BudgetStore onRedis6(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag) {
		if (redis6 == null) {
			redis6 = RedisTestServer.sharedRedis6().connectionFactory();
		}
		return onTheTestsClock(redis6, time, leaseTimeout, admissionMargin, observationLag);
	}

	private static BudgetStore onTheTestsClock(LettuceConnectionFactory connectionFactory, TimeSource time,
			Duration leaseTimeout, Duration admissionMargin, Duration observationLag) {
		return RedisBudgetStore.builder(connectionFactory)
			.timeSource(time)
			.scriptTime(time)
			.leaseTimeout(leaseTimeout)
			.admissionMargin(admissionMargin)
			.observationLag(observationLag)
			.waiterTimeout(Duration.ofHours(1))
			.build();
	}

}
