package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link LocalBudget}, driven through its non-blocking operations on a manual
 * clock.
 */
class LocalBudgetTests {

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void meterRefillsContinuouslyUpToItsLimit() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		assertThat(budget.acquire(tokens(600), 0).status()).isEqualTo(Admission.Status.GRANTED);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(300, within(1e-6));
		this.time.advance(Duration.ofSeconds(1));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(310, within(1e-6));
		this.time.advance(Duration.ofMinutes(5));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(600);
	}

	@Test
	void acquireDebitsEveryMeterOrNone() {
		LocalBudget budget = budget(
				limits().limit(Meter.INPUT_TOKENS_PER_MINUTE, 1000).limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 100));
		budget.acquire(io(500, 50), 0);
		Admission refused = budget.acquire(io(100, 80), 0);
		assertThat(refused.status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(refused.meter()).isEqualTo(Meter.OUTPUT_TOKENS_PER_MINUTE);
		assertThat(available(budget, Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(500);
		assertThat(available(budget, Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(50);
	}

	@Test
	void queuedTicketsAreGrantedInArrivalOrderWhateverOrderTheyArePolled() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket first = budget.acquire(tokens(50), FOREVER).ticket();
		Ticket second = budget.acquire(tokens(50), FOREVER).ticket();
		Ticket third = budget.acquire(tokens(50), FOREVER).ticket();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(budget.poll(second).status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(budget.poll(first).status()).isEqualTo(Admission.Status.GRANTED);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(budget.poll(second).status()).isEqualTo(Admission.Status.GRANTED);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void queuedTicketEstimatesWaitBehindEveryoneAhead() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Admission first = budget.acquire(tokens(50), FOREVER);
		Admission second = budget.acquire(tokens(50), FOREVER);
		assertThat(first.waitNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		assertThat(second.waitNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
		assertThat(second.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
	}

	@Test
	void bigRequestIsNotStarvedByLaterSmallOnes() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket big = budget.acquire(tokens(90), FOREVER).ticket();
		Ticket small = budget.acquire(tokens(10), FOREVER).ticket();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(small).status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(budget.acquire(tokens(10), 0).status()).isEqualTo(Admission.Status.REJECTED);
		this.time.advance(Duration.ofSeconds(24));
		assertThat(budget.poll(big).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(budget.poll(small).status()).isEqualTo(Admission.Status.QUEUED);
	}

	@Test
	void refundGrantsQueuedTicketBeforeItsEstimatedInstant() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		AtomicInteger changes = new AtomicInteger();
		budget.addListener(changes::incrementAndGet);
		Lease lease = budget.acquire(tokens(100), 0).lease();
		Admission queued = budget.acquire(tokens(50), FOREVER);
		assertThat(queued.waitNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		budget.settle(lease, tokens(20));
		assertThat(changes).hasPositiveValue();
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(30);
	}

	@Test
	void costLargerThanCapacityIsTooLargeAtOnce() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		Admission admission = budget.acquire(tokens(101), FOREVER);
		assertThat(admission.status()).isEqualTo(Admission.Status.TOO_LARGE);
		assertThat(admission.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		assertThat(admission.limit()).isEqualTo(100);
		assertThat(budget.state().waiting()).isZero();
	}

	@Test
	void queuedTicketBecomesTooLargeWhenTheLimitShrinks() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket ticket = budget.acquire(tokens(80), FOREVER).ticket();
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(50L, null, null)));
		assertThat(budget.poll(ticket).status()).isEqualTo(Admission.Status.TOO_LARGE);
	}

	@Test
	void settleWithMoreThanReservedLeavesTheMeterInDebt() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		Lease lease = budget.acquire(tokens(100), 0).lease();
		budget.settle(lease, tokens(900));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(-300);
		Admission next = budget.acquire(tokens(100), 0);
		assertThat(next.status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(next.waitNanos()).isEqualTo(Duration.ofSeconds(40).toNanos());
	}

	@Test
	void leaseSettlesOnlyOnce() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		Lease lease = budget.acquire(tokens(100), 0).lease();
		assertThat(budget.settle(lease, Cost.ZERO)).isTrue();
		assertThat(budget.settle(lease, Cost.ZERO)).isFalse();
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(600);
	}

	@Test
	void meterLearnedAfterAdmissionIsNotCreditedBySettlement() {
		LocalBudget budget = budget(limits());
		Lease lease = budget.acquire(tokens(500), 0).lease();
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 200.0, null)));
		budget.settle(lease, tokens(100));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(200);
	}

	@Test
	void cancellingAQueuedHeadLetsTheNextTicketThrough() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(60), 0);
		Ticket big = budget.acquire(tokens(90), FOREVER).ticket();
		Ticket small = budget.acquire(tokens(30), FOREVER).ticket();
		assertThat(budget.cancel(big)).isEmpty();
		assertThat(budget.poll(small).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void observeFillsAnUnsetMeterFromHeaders() {
		LocalBudget budget = budget(limits());
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 400.0, null)));
		MeterState state = budget.state().meters().get(Meter.TOKENS_PER_MINUTE);
		assertThat(state).isEqualTo(new MeterState(1000, 400, LimitSource.HEADERS));
	}

	@Test
	void observeCorrectsAConfiguredLimitKeepingWhatWasUsed() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 2000));
		budget.acquire(tokens(500), 0);
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, null, null)));
		MeterState state = budget.state().meters().get(Meter.TOKENS_PER_MINUTE);
		assertThat(state).isEqualTo(new MeterState(1000, 500, LimitSource.HEADERS));
	}

	@Test
	void observeLowersTheLevelToTheReportedRemainingButNeverRaisesIt() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(700), 0);
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 800.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(300);
		budget.observe(reading(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 100.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isEqualTo(100);
	}

	@Test
	void rateLimitedSnapshotClosesTheBudgetUntilRetryAfter() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(5), null));
		Admission refused = budget.acquire(tokens(1), 0);
		assertThat(refused.status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(refused.meter()).isNull();
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
		assertThat(budget.state().cooldownRemainingNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.acquire(tokens(1), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void cooldownHoldsQueuedTicketsEvenWhenMetersCouldPay() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket ticket = budget.acquire(tokens(10), FOREVER).ticket();
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(20), null));
		this.time.advance(Duration.ofSeconds(10));
		Admission held = budget.poll(ticket);
		assertThat(held.status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(held.waitNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.poll(ticket).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void rateLimitedSnapshotNamingAMeterEmptiesIt() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(1),
				Meter.TOKENS_PER_MINUTE));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isZero();
	}

	@Test
	void unsettledLeaseExpiresAndGivesBackItsConcurrencySlot() {
		LocalBudget budget = new LocalBudget(limits().limit(Meter.CONCURRENT_REQUESTS, 1).build(), this.time,
				settings(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO));
		Lease leaked = budget.acquire(requestCost(), 0).lease();
		assertThat(budget.acquire(requestCost(), 0).status()).isEqualTo(Admission.Status.REJECTED);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.state().inFlight()).isZero();
		assertThat(budget.acquire(requestCost(), 0).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(budget.settle(leaked, Cost.ZERO)).isFalse();
		assertThat(available(budget, Meter.CONCURRENT_REQUESTS)).isZero();
	}

	@Test
	void waiterForAConcurrencySlotIsToldToLookAgainWhenTheFirstLeaseHeldExpires() {
		LocalBudget budget = new LocalBudget(limits().limit(Meter.CONCURRENT_REQUESTS, 1).build(), this.time,
				settings(Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO));
		budget.acquire(requestCost(), 0);
		this.time.advance(Duration.ofSeconds(4));
		Admission queued = budget.acquire(requestCost(), FOREVER);
		assertThat(queued.status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(queued.waitNanos()).as("a call in flight may finish at any time").isEqualTo(Admission.UNKNOWN_WAIT);
		assertThat(queued.recheckNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.poll(queued.ticket()).recheckNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void waiterForRefillHasNoRecheckBeyondItsEstimatedWait() {
		LocalBudget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Admission queued = budget.acquire(tokens(50), FOREVER);
		assertThat(queued.waitNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		assertThat(queued.recheckNanos()).isEqualTo(Admission.UNKNOWN_WAIT);
	}

	@Test
	void admissionMarginKeepsBackWhatRefillsInTheMarginThenAdmitsAtTheSameRate() {
		LocalBudget budget = new LocalBudget(limits().limit(Meter.TOKENS_PER_MINUTE, 600).build(), this.time,
				settings(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ZERO));
		assertThat(budget.acquire(tokens(590), 0).status()).isEqualTo(Admission.Status.GRANTED);
		Admission short10 = budget.acquire(tokens(10), Duration.ofSeconds(5).toNanos());
		assertThat(short10.status()).as("10 left, but 10 refill per second are held back")
			.isEqualTo(Admission.Status.QUEUED);
		assertThat(short10.waitNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.poll(short10.ticket()).status()).isEqualTo(Admission.Status.GRANTED);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.acquire(tokens(10), 0).status()).as("one second of refill pays one second of calls")
			.isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void admissionMarginNeverKeepsOutACallOfTheWholeLimit() {
		LocalBudget budget = new LocalBudget(limits().limit(Meter.TOKENS_PER_MINUTE, 600).build(), this.time,
				settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ZERO));
		assertThat(budget.acquire(tokens(600), 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void admissionMarginLeavesTheConcurrencyCounterAlone() {
		LocalBudget budget = new LocalBudget(limits().limit(Meter.CONCURRENT_REQUESTS, 2).build(), this.time,
				settings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ZERO));
		Cost one = Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build();
		assertThat(budget.acquire(one, 0).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(budget.acquire(one, 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	/** A budget that takes the provider's figures as they are (no observation lag). */
	private LocalBudget budget(ModelLimits.Builder limits) {
		return new LocalBudget(limits.build(), this.time, settings(Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO));
	}

	/** A five-minute lease, no admission margin and the default observation lag. */
	static LimiterSettings noMargin() {
		return settings(Duration.ofMinutes(5), Duration.ZERO, LimiterSettings.DEFAULT_OBSERVATION_LAG);
	}

	static LimiterSettings settings(Duration leaseTimeout, Duration admissionMargin, Duration observationLag) {
		return LimiterSettings.builder()
			.leaseTimeout(leaseTimeout)
			.admissionMargin(admissionMargin)
			.observationLag(observationLag)
			.build();
	}

	private static ModelLimits.Builder limits() {
		return ModelLimits.builder("m");
	}

	private static double available(Budget budget, Meter meter) {
		return budget.state().meters().get(meter).available();
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

	private static Cost io(double input, double output) {
		return Cost.builder()
			.set(Meter.INPUT_TOKENS_PER_MINUTE, input)
			.set(Meter.OUTPUT_TOKENS_PER_MINUTE, output)
			.build();
	}

	private static Cost requestCost() {
		return Cost.builder().set(Meter.REQUESTS_PER_MINUTE, 1).set(Meter.CONCURRENT_REQUESTS, 1).build();
	}

	private static ProviderSnapshot reading(Meter meter, MeterReading reading) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(meter, reading), null, null);
	}

}
