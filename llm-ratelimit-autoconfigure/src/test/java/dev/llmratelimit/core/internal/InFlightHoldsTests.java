package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InFlightHolds}: capping at the provider's remaining counts what this
 * budget holds in flight and the provider has not charged.
 */
class InFlightHoldsTests {

	private static final Meter OTPM = Meter.OUTPUT_TOKENS_PER_MINUTE;

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void providerCountingActualOutputIsCappedNetOfTheOutputHeldInFlight() {
		LocalBudget budget = budget(ModelLimits.OutputReservation.EXPECTED);
		Lease first = budget.acquire(output(1000), 0).lease();
		Lease second = budget.acquire(output(1000), 0).lease();
		// someone else spent 2500; the provider has not charged the two calls in flight
		budget.observe(remaining(3500));
		assertThat(available(budget)).isEqualTo(1500);
		budget.settle(first, output(500));
		budget.settle(second, output(500));
		// the provider charged the actual 1000: 2500 left, and so do we
		assertThat(available(budget)).isEqualTo(2500);
	}

	@Test
	void providerCountingMaxTokensAtAdmissionIsCappedAtItsFigure() {
		LocalBudget budget = budget(ModelLimits.OutputReservation.MAX_TOKENS);
		budget.acquire(output(1000), 0);
		budget.acquire(output(1000), 0);
		budget.observe(remaining(1500));
		assertThat(available(budget)).isEqualTo(1500);
	}

	@Test
	void observedCallsOwnOutputIsHeldBackOnlyUntilTheNextFigure() {
		LocalBudget budget = budget(ModelLimits.OutputReservation.MAX_TOKENS);
		Lease call = budget.acquire(output(1000), 0).lease();
		budget.observe(remaining(3000), call);
		assertThat(available(budget)).isEqualTo(2000);
		budget.settle(call, output(400));
		assertThat(available(budget)).isEqualTo(2600);
		budget.observe(remaining(3000));
		assertThat(available(budget)).isEqualTo(3000);
	}

	@Test
	void callsAnsweredButNotSettledAreHeldBackOnAnyProvider() {
		LocalBudget budget = budget(ModelLimits.OutputReservation.MAX_TOKENS);
		Lease first = budget.acquire(output(1000), 0).lease();
		Lease second = budget.acquire(output(1000), 0).lease();
		budget.observe(remaining(5000), first);
		// someone else spent 2000; the provider charged 400 to each call and refunded the rest
		budget.observe(remaining(3200), second);
		assertThat(available(budget)).isEqualTo(1200);
		budget.settle(first, output(400));
		budget.settle(second, output(400));
		assertThat(available(budget)).isEqualTo(2400);
	}

	private LocalBudget budget(ModelLimits.OutputReservation reservation) {
		return new LocalBudget(ModelLimits.builder("m").limit(OTPM, 6000).outputReservation(reservation).build(),
				this.time, LocalBudgetTests.settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
	}

	private static ProviderSnapshot remaining(double remaining) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(OTPM, new MeterReading(null, remaining, null)), null,
				null);
	}

	private static Cost output(double amount) {
		return Cost.builder().set(OTPM, amount).build();
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(OTPM).available();
	}

}
