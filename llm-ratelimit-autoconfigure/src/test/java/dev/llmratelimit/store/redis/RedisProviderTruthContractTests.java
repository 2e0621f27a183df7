package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.store.BudgetStore;
import dev.llmratelimit.store.ProviderTruthContractTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What budgets learn from the provider's figures, in a real Redis, the scripts reading the
 * test's manual clock; and what that means with several instances of the application on
 * one budget: the provider's figures are the key's, the calls in flight every instance's.
 */
class RedisProviderTruthContractTests extends ProviderTruthContractTests {

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	@Override
	protected BudgetStore createStore(TimeSource time, Duration observationLag) {
		return ContractStores.onTheSharedServer(time, LEASE_TIMEOUT, Duration.ZERO, observationLag);
	}

	@Test
	void otherInstancesOfTheApplicationShouldNotBeTakenForANeighbour() {
		ModelLimits limits = neighbourLimits(true);
		Budget observing = budget(limits);
		Budget other = newStore().create(limits);
		spend(observing, 3000);
		for (int i = 0; i < 10; i++) {
			other.acquire(output(40), 0);
			spentElsewhere(40);
			run(observing, 1, 10, 0);
		}
		assertThat(externalRate(observing)).isZero();
		assertThat(externalRate(other)).isZero();
	}

	@Test
	void neighbourBesideOtherInstancesShouldBeEstimatedAtItsOwnRate() {
		ModelLimits limits = neighbourLimits(true);
		Budget observing = budget(limits);
		Budget other = newStore().create(limits);
		spend(observing, 3000);
		for (int i = 0; i < 10; i++) {
			other.acquire(output(20), 0);
			spentElsewhere(20);
			run(observing, 1, 30, 30);
		}
		assertThat(externalRate(observing)).isCloseTo(1800, within(1e-6));
		assertThat(externalRate(other)).isCloseTo(1800, within(1e-6));
	}

	@Test
	void outputHeldInFlightByEveryInstanceShouldBeTakenOffTheKeysFigure() {
		ModelLimits limits = limits().limit(OTPM, 6000)
			.outputReservation(ModelLimits.OutputReservation.EXPECTED)
			.build();
		Budget observing = budget(limits);
		Budget other = newStore().create(limits);
		observing.acquire(output(1000), 0);
		Lease elsewhere = other.acquire(output(1000), 0).lease();
		// someone else spent 2500; the provider has charged neither instance's call
		observing.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(OTPM, new MeterReading(null, 3500.0, null)), null, null));
		assertThat(available(observing, OTPM)).isCloseTo(1500, within(1e-6));
		other.settle(elsewhere, output(500));
		assertThat(available(observing, OTPM)).isCloseTo(2000, within(1e-6));
	}
}
