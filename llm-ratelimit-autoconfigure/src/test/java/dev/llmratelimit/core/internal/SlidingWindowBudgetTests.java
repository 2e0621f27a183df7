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
 * Tests for a {@link LocalBudget} whose rate meters are sliding windows
 * ({@link ModelLimits.Refill#SLIDING_WINDOW}), as Azure OpenAI meters.
 */
class SlidingWindowBudgetTests {

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void chargeComesBackExactlyOneWindowAfterAdmission() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(600), 0);
		this.time.advance(Duration.ofSeconds(30));
		budget.acquire(tokens(400), 0);
		this.time.advance(Duration.ofSeconds(30).minusNanos(1));
		assertThat(available(budget)).isZero();
		this.time.advance(Duration.ofNanos(1));
		assertThat(available(budget)).isEqualTo(600);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(available(budget)).isEqualTo(1000);
	}

	@Test
	void nothingRefillsWithinTheWindow() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(1000), 0);
		this.time.advance(Duration.ofSeconds(59));
		assertThat(available(budget)).isZero();
		assertThat(budget.acquire(tokens(1), 0).status()).isEqualTo(Admission.Status.REJECTED);
	}

	@Test
	void settlementRefundsNothingButTheConcurrencySlot() {
		LocalBudget budget = budget(
				limits().limit(Meter.TOKENS_PER_MINUTE, 1000).limit(Meter.CONCURRENT_REQUESTS, 1));
		Cost cost = Cost.builder().set(Meter.TOKENS_PER_MINUTE, 500).set(Meter.CONCURRENT_REQUESTS, 1).build();
		Lease lease = budget.acquire(cost, 0).lease();
		budget.settle(lease, tokens(100));
		assertThat(available(budget)).isEqualTo(500);
		assertThat(budget.state().meters().get(Meter.CONCURRENT_REQUESTS).available()).isEqualTo(1);
	}

	@Test
	void usageBeyondTheReservationIsChargedAndComesBackAWindowLater() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(300), 0).lease();
		this.time.advance(Duration.ofSeconds(10));
		budget.settle(lease, tokens(500));
		assertThat(available(budget)).isEqualTo(500);
		this.time.advance(Duration.ofSeconds(50));
		assertThat(available(budget)).isEqualTo(800);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(available(budget)).isEqualTo(1000);
	}

	@Test
	void queuedTicketWaitsUntilEnoughChargesHaveExpired() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(600), 0);
		this.time.advance(Duration.ofSeconds(10));
		budget.acquire(tokens(400), 0);
		Admission queued = budget.acquire(tokens(500), FOREVER);
		assertThat(queued.waitNanos()).isEqualTo(Duration.ofSeconds(50).toNanos());
		this.time.advance(Duration.ofSeconds(50));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void reportedRemainingIsHeldForOneWindow() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 200.0, null)), null, null));
		assertThat(available(budget)).isEqualTo(200);
		this.time.advance(Duration.ofMinutes(1));
		assertThat(available(budget)).isEqualTo(1000);
	}

	@Test
	void meterLearnedFromHeadersIsAlsoASlidingWindow() {
		LocalBudget budget = budget(limits());
		budget.observe(new ProviderSnapshot(ResponseKind.OK,
				Map.of(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, null, null)), null, null));
		budget.acquire(tokens(1000), 0);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(available(budget)).isZero();
	}

	private LocalBudget budget(ModelLimits.Builder limits) {
		return new LocalBudget(limits.build(), this.time,
				LocalBudgetTests.noMargin());
	}

	private static ModelLimits.Builder limits() {
		return ModelLimits.builder("azure").refill(ModelLimits.Refill.SLIDING_WINDOW);
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(Meter.TOKENS_PER_MINUTE).available();
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

}
