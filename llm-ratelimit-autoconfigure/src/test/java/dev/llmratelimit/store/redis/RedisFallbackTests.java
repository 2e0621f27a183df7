package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What one of three instances does while its Redis is killed and after it is back, with
 * {@code on-failure=local}: it admits no more than its third of the shared budget, starting
 * from its third of what Redis last said was left, and charges what it admitted to Redis
 * before Redis admits anything new. Being first back, it presumes for each other instance
 * the larger of what it spent itself and that instance's third of the level, and withholds
 * that instance's third of the refill over the presumption (1 s of probes and the 3 s
 * waiter timeout: 20 tokens here), until they report. Scripts and fallback read one manual
 * clock.
 */
class RedisFallbackTests extends ThreeInstanceOutageTests {

	RedisFallbackTests() {
		super(true);
	}

	@Test
	void fallbackShouldStartFromItsShareOfTheLastSharedLevel() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(600), 0);
		assertThat(available(budget)).isCloseTo(300, within(1e-6));
		this.redis.kill();
		assertThat(budget.acquire(tokens(101), 0).status()).isEqualTo(Status.REJECTED);
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(300);
		assertThat(available(budget)).isCloseTo(100, within(1e-6));
		assertThat(budget.acquire(tokens(100), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void fallbackShouldNotCountTheRefillSinceTheLastReadWhichTheOthersMaySpend() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(600), 0);
		assertThat(available(budget)).isCloseTo(300, within(1e-6));
		this.time.advance(Duration.ofSeconds(20));
		this.redis.kill();
		budget.acquire(tokens(1), 0);
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(available(budget)).as("its third of the 300 read, less the 1 it was granted").isCloseTo(99,
				within(1e-6));
	}

	@Test
	void fallbackShouldKeepItsOwnRefundsWhenTheProviderReportsTheWholeKey() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		this.redis.kill();
		Lease call = budget.acquire(tokens(240), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(available(budget)).as("its third of 900, less 240").isCloseTo(60, within(1e-6));
		assertThat(budget.settle(call, tokens(30))).isTrue();
		assertThat(available(budget)).as("210 given back").isCloseTo(270, within(1e-6));
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 600.0, null)), null, null), call);
		assertThat(available(budget))
			.as("the others spent 270 of their 600: capped at a third of the 600 left, it would lose 70 of its"
					+ " refund for good; the 600 hold it")
			.isCloseTo(270, within(1e-6));
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 450.0, null)), null, null));
		assertThat(available(budget)).as("with no refund since, a third of the 450 left").isCloseTo(150, within(1e-6));
	}

	@Test
	void limitLearnedDuringTheOutageShouldBeSharedOut() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		this.redis.kill();
		budget.acquire(tokens(1), 0);
		assertThat(this.store.isAvailable()).isFalse();
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(3000L, 2700.0, null)), null, null));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(1000);
		assertThat(available(budget)).isCloseTo(900, within(1e-6));
	}

	@Test
	void recoveryShouldChargeWhatTheFallbackAdmittedBeforeRedisAdmitsAgain() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(300), 0);
		budget.state();
		this.redis.kill();
		Lease onFallback = budget.acquire(tokens(150), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		budget.settle(onFallback, tokens(100));
		budget.acquire(tokens(50), 0);
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget))
			.as("600 left, less 150 spent on the fallback, and for each other instance 200 and 20 of refill")
			.isCloseTo(10, within(1e-6));
	}

	@Test
	void leaseOfTheFallbackSettledAfterRecoveryShouldChargeItsDifferenceToRedis() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		this.redis.kill();
		Lease onFallback = budget.acquire(tokens(200), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget)).as("200 spent here, and for each other instance 300 and 20 of refill")
			.isCloseTo(60, within(1e-6));
		assertThat(budget.settle(onFallback, tokens(50))).isTrue();
		assertThat(available(budget)).isCloseTo(210, within(1e-6));
	}

	@Test
	void laterInstanceBackShouldReplaceWhatTheFirstPresumedItSpent() {
		try (RedisBudgetStore other = RedisBudgetStore.builder(this.connections)
			.expectedInstances(3)
			// back well after this.store
			.retryInterval(Duration.ofSeconds(2))
			.timeSource(this.time)
			.scriptTime(this.time)
			.build()) {
			Budget budget = this.store.create(this.limits);
			Budget otherBudget = other.create(this.limits);
			budget.state();
			otherBudget.state();
			this.redis.kill();
			budget.acquire(tokens(150), 0);
			otherBudget.acquire(tokens(30), 0);
			assertThat(this.store.isAvailable()).isFalse();
			assertThat(other.isAvailable()).isFalse();
			this.redis.restart();
			await().atMost(Duration.ofSeconds(20)).until(() -> this.store.isAvailable() && other.isAvailable());
			assertThat(available(budget)).as("150 + 30 spent, and 300 and 20 of refill presumed for the third one")
				.isCloseTo(900 - 150 - 30 - 300 - 20, within(1e-6));
		}
	}

	@Test
	void refundOfARedisLeaseSettledDuringTheOutageShouldGoToTheFallback() {
		Budget budget = this.store.create(this.limits);
		Lease onRedis = budget.acquire(tokens(600), 0).lease();
		budget.state();
		this.redis.kill();
		assertThat(budget.settle(onRedis, tokens(450))).isTrue();
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(available(budget)).as("its third of the 300 left, and the refund of 150 (no other instance "
				+ "learns of it)")
			.isCloseTo(250, within(1e-6));
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget))
			.as("300 left, less 100 and 20 of refill for each other instance, then the refund of 150")
			.isCloseTo(210, within(1e-6));
	}

	@Test
	void instanceReportingTwiceShouldNotStandInForAnother() {
		FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
		budget.state();
		budget.redis().reportOutage(amounts(100), 3, PRESUMPTION, Map.of(), "", null);
		assertThat(available(budget)).as("100 spent, and for each other instance 300 and 20 of refill")
			.isCloseTo(160, within(1e-6));
		budget.redis().reportOutage(amounts(10), 3, PRESUMPTION, Map.of(), "", null);
		assertThat(available(budget)).as("its second report is a plain charge").isCloseTo(150, within(1e-6));
	}

	@Test
	void laterInstanceShouldTakeBackTheRefillWithheldForTheRestOfTheRound() {
		try (RedisBudgetStore other = RedisBudgetStore.builder(this.connections)
			.expectedInstances(3)
			.timeSource(this.time)
			.scriptTime(this.time)
			.build()) {
			FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
			FailoverBudget otherBudget = (FailoverBudget) other.create(this.limits);
			budget.state();
			budget.redis().reportOutage(amounts(100), 3, PRESUMPTION, Map.of(), "", null);
			this.time.advance(Duration.ofSeconds(2));
			assertThat(available(budget)).as("160, and 2 s of refill").isCloseTo(190, within(1e-6));
			otherBudget.redis().reportOutage(amounts(30), 3, PRESUMPTION, Map.of(), "", null);
			assertThat(available(budget)).as("30 spent instead of 300, and 10 of its 20 withheld unused")
				.isCloseTo(190 - 30 + 300 + 10, within(1e-6));
		}
	}

	@Test
	void slotsOfFallbackCallsStillRunningShouldBeHeldInRedisUntilTheyEnd() {
		ModelLimits limits = ModelLimits.builder("slots-" + UUID.randomUUID())
			.limit(Meter.CONCURRENT_REQUESTS, 3)
			.build();
		Budget budget = this.store.create(limits);
		budget.state();
		this.redis.kill();
		Lease running = budget.acquire(slot(), 0).lease();
		assertThat(this.store.isAvailable()).isFalse();
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(budget.state().meters().get(Meter.CONCURRENT_REQUESTS).available()).isCloseTo(2, within(1e-6));
		assertThat(budget.acquire(slot(), 0).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(slot(), 0).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(slot(), 0).status()).as("the fallback's call still holds the third slot")
			.isEqualTo(Status.REJECTED);
		assertThat(budget.settle(running, slot())).isTrue();
		assertThat(budget.acquire(slot(), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void interruptedCallShouldNotMarkRedisDown() {
		Budget budget = this.store.create(this.limits);
		budget.state();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> budget.acquire(tokens(1), 0));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.store.isAvailable()).isTrue();
		assertThat(budget.acquire(tokens(1), 0).status()).isEqualTo(Status.GRANTED);
	}

	private static Cost slot() {
		return Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build();
	}
}
