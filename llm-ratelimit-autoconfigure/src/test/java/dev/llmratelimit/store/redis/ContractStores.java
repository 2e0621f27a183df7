package dev.llmratelimit.store.redis;

import java.time.Duration;

import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.store.BudgetStore;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis budget stores for the contract suites: the scripts read the test's clock instead
 * of the server's {@code TIME}, so that time moves only when a test says so, and waiters
 * that stop polling keep their place for an hour, as the tests move time by minutes.
 */
final class ContractStores {

	private ContractStores() {
	}

	/**
	 * A store on the test's clock.
	 * @param connectionFactory the connection to the test's Redis
	 * @param time the test's clock, read by the store and its scripts
	 * @param leaseTimeout how long a lease may stay unsettled
	 * @param admissionMargin the margin kept at admission
	 * @param observationLag how long a call may be on its way before the provider counts it
	 * @return the store
	 */
	static BudgetStore onTheTestsClock(LettuceConnectionFactory connectionFactory, TimeSource time,
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
