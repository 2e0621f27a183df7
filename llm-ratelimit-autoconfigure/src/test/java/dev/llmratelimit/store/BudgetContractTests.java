package dev.llmratelimit.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.MeterState;
import dev.llmratelimit.core.internal.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link BudgetStore}'s budgets share, run against each store. Time is
 * a {@link ManualTimeSource} that the stores read instead of their own clock, so no test
 * sleeps.
 */
public abstract class BudgetContractTests {

	protected static final Duration LEASE_TIMEOUT = Duration.ofMinutes(1);

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private static final Duration LAG = Duration.ofMillis(500);

	protected final ManualTimeSource time = new ManualTimeSource();

	private final RecordingListener listener = new RecordingListener();

	private BudgetStore store;

	private final List<BudgetStore> stores = new ArrayList<>();

	/**
	 * Creates a store under test.
	 * @param time the manual clock the budgets must read
	 * @param leaseTimeout how long unsettled leases live
	 * @param admissionMargin refill time the budgets hold back at admission
	 * @param observationLag how long before an observation an admission may still be unseen
	 * by the provider
	 * @return the store
	 */
	protected abstract BudgetStore createStore(TimeSource time, Duration leaseTimeout, Duration admissionMargin,
			Duration observationLag);

	@BeforeEach
	void createStore() {
		this.store = storeWith(Duration.ZERO, Duration.ZERO);
	}

	@AfterEach
	void closeStores() throws Exception {
		for (BudgetStore created : this.stores) {
			if (created instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Test
	void acquireWhenEveryMeterCanPayShouldGrantAtOnceAndDebitEveryMeter() {
		Budget budget = budget(limits().limit(Meter.REQUESTS_PER_MINUTE, 10).limit(Meter.TOKENS_PER_MINUTE, 1000));
		Admission admission = budget.acquire(cost(1, 400), 0);
		assertThat(admission.status()).isEqualTo(Status.GRANTED);
		assertThat(admission.lease().cost()).isEqualTo(cost(1, 400));
		assertThat(available(budget, Meter.REQUESTS_PER_MINUTE)).isCloseTo(9, within(1e-6));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(600, within(1e-6));
	}

	@Test
	void acquireWhenOneMeterCannotPayShouldDebitNoMeter() {
		Budget budget = budget(limits().limit(Meter.REQUESTS_PER_MINUTE, 10).limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(cost(1, 800), 0);
		Admission admission = budget.acquire(cost(1, 400), 0);
		assertThat(admission.status()).isEqualTo(Status.REJECTED);
		assertThat(admission.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		assertThat(available(budget, Meter.REQUESTS_PER_MINUTE)).isCloseTo(9, within(1e-6));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(200, within(1e-6));
	}

	@Test
	void spentBudgetShouldRefillContinuouslyOverItsWindow() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		budget.acquire(tokens(600), 0);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(300, within(1e-3));
		this.time.advance(Duration.ofMinutes(5));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(600, within(1e-6));
	}

	@Test
	void queuedCallShouldBeGrantedOnceTheMetersHaveRefilled() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Admission queued = budget.acquire(tokens(30), Duration.ofMinutes(1).toNanos());
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		assertThat(queued.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		this.time.advance(Duration.ofSeconds(29));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.QUEUED);
		this.time.advance(Duration.ofSeconds(1));
		Admission granted = budget.poll(queued.ticket());
		assertThat(granted.status()).isEqualTo(Status.GRANTED);
		assertThat(granted.lease().cost()).isEqualTo(tokens(30));
	}

	@Test
	void waitEstimateShouldCountEveryCallAheadInTheQueue() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Admission first = budget.acquire(tokens(10), Duration.ofMinutes(1).toNanos());
		Admission second = budget.acquire(tokens(20), Duration.ofMinutes(1).toNanos());
		assertThat(first.waitNanos()).isCloseTo(10 * SECOND, within(1000L));
		assertThat(second.waitNanos()).isCloseTo(30 * SECOND, within(1000L));
		this.time.advance(Duration.ofSeconds(4));
		assertThat(budget.poll(second.ticket()).waitNanos()).isCloseTo(26 * SECOND, within(1000L));
		assertThat(budget.poll(first.ticket()).waitNanos()).isCloseTo(6 * SECOND, within(1000L));
	}

	@Test
	void smallCallShouldNotOvertakeABigCallQueuedBeforeIt() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Ticket big = budget.acquire(tokens(50), Duration.ofMinutes(2).toNanos()).ticket();
		Ticket small = budget.acquire(tokens(5), Duration.ofMinutes(2).toNanos()).ticket();
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.poll(small).status()).isEqualTo(Status.QUEUED);
		this.time.advance(Duration.ofSeconds(40));
		assertThat(budget.poll(small).status()).isEqualTo(Status.QUEUED);
		assertThat(budget.poll(big).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.poll(small).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void acquireShouldRejectWithoutQueueingWhenTheWaitExceedsMaxWait() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Admission admission = budget.acquire(tokens(30), Duration.ofSeconds(10).toNanos());
		assertThat(admission.status()).isEqualTo(Status.REJECTED);
		assertThat(admission.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		assertThat(admission.waitNanos()).isCloseTo(30 * SECOND, within(1000L));
		assertThat(budget.state().waiting()).isZero();
	}

	@Test
	void costLargerThanALimitShouldNeverFit() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		Admission admission = budget.acquire(tokens(150), Duration.ofMinutes(10).toNanos());
		assertThat(admission.status()).isEqualTo(Status.TOO_LARGE);
		assertThat(admission.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		assertThat(admission.limit()).isEqualTo(100);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(100, within(1e-6));
	}

	@Test
	void queuedCallShouldBecomeTooLargeWhenTheProviderShrinksTheLimit() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(1000), 0);
		Ticket ticket = budget.acquire(tokens(800), Duration.ofMinutes(2).toNanos()).ticket();
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(500L, null, null)));
		Admission admission = budget.poll(ticket);
		assertThat(admission.status()).isEqualTo(Status.TOO_LARGE);
		assertThat(admission.limit()).isEqualTo(500);
	}

	@Test
	void cancellingTheHeadOfTheQueueShouldLetTheNextCallGo() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Ticket big = budget.acquire(tokens(50), Duration.ofMinutes(2).toNanos()).ticket();
		Ticket small = budget.acquire(tokens(5), Duration.ofMinutes(2).toNanos()).ticket();
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.cancel(big)).isEmpty();
		assertThat(budget.poll(small).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.state().waiting()).isZero();
	}

	@Test
	void cancelAfterTheCallWasGrantedShouldHandOverItsLease() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(60), 0);
		Ticket ticket = budget.acquire(tokens(10), Duration.ofMinutes(1).toNanos()).ticket();
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.state().inFlight()).isEqualTo(2);
		assertThat(budget.cancel(ticket)).hasValueSatisfying((lease) -> assertThat(lease.cost()).isEqualTo(tokens(10)));
	}

	@Test
	void settleShouldRefundWhatTheCallDidNotUse() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(400), 0).lease();
		budget.addListener(this.listener);
		assertThat(budget.settle(lease, tokens(100))).isTrue();
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(900, within(1e-6));
		assertThat(this.listener.changes).hasPositiveValue();
	}

	@Test
	void settleShouldDebitWhatTheCallUsedBeyondItsReservation() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(400), 0).lease();
		budget.settle(lease, tokens(1200));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(-200, within(1e-6));
	}

	@Test
	void leaseShouldBeSettledOnlyOnce() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(400), 0).lease();
		assertThat(budget.settle(lease, Cost.ZERO)).isTrue();
		assertThat(budget.settle(lease, Cost.ZERO)).isFalse();
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(1000, within(1e-6));
	}

	@Test
	void settlementInTheBackgroundShouldTakeEffectBeforeTheNextOperation() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(400), 0).lease();
		budget.settleInBackground(lease, tokens(100));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(900, within(1e-6));
	}

	@Test
	void leaseSettledInTheBackgroundShouldNotBeSettledAgain() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Lease lease = budget.acquire(tokens(400), 0).lease();
		budget.settleInBackground(lease, tokens(1200));
		assertThat(budget.settle(lease, Cost.ZERO)).isFalse();
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(-200, within(1e-6));
	}

	@Test
	void concurrencyShouldComeBackWhenACallSettlesNotOverTime() {
		Budget budget = budget(limits().limit(Meter.CONCURRENT_REQUESTS, 1));
		Cost oneCall = Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build();
		Lease lease = budget.acquire(oneCall, 0).lease();
		Admission refused = budget.acquire(oneCall, 0);
		assertThat(refused.status()).isEqualTo(Status.REJECTED);
		assertThat(refused.meter()).isEqualTo(Meter.CONCURRENT_REQUESTS);
		assertThat(refused.waitNanos()).isEqualTo(Admission.UNKNOWN_WAIT);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.acquire(oneCall, 0).status()).isEqualTo(Status.REJECTED);
		budget.settle(lease, Cost.ZERO);
		assertThat(budget.acquire(oneCall, 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void unsettledLeaseShouldExpireAfterTheLeaseTimeoutAndReturnItsConcurrency() {
		Budget budget = budget(limits().limit(Meter.CONCURRENT_REQUESTS, 1));
		budget.addListener(this.listener);
		Lease lease = budget.acquire(Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build(), 0).lease();
		this.time.advance(LEASE_TIMEOUT.minusSeconds(1));
		assertThat(budget.state().inFlight()).isEqualTo(1);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.state().inFlight()).isZero();
		assertThat(available(budget, Meter.CONCURRENT_REQUESTS)).isCloseTo(1, within(1e-6));
		assertThat(this.listener.expired).extracting(Lease::id).containsExactly(lease.id());
		assertThat(budget.settle(lease, Cost.ZERO)).isFalse();
	}

	@Test
	void waiterForAConcurrencySlotShouldBeToldToLookAgainWhenTheFirstLeaseHeldExpires() {
		Budget budget = budget(limits().limit(Meter.CONCURRENT_REQUESTS, 1));
		Cost oneCall = Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build();
		budget.acquire(oneCall, 0);
		this.time.advance(Duration.ofSeconds(20));
		Ticket ticket = budget.acquire(oneCall, LEASE_TIMEOUT.toNanos() * 2).ticket();
		Admission queued = budget.poll(ticket);
		assertThat(queued.waitNanos()).as("a call in flight may finish at any time").isEqualTo(Admission.UNKNOWN_WAIT);
		assertThat(queued.recheckNanos()).isEqualTo(LEASE_TIMEOUT.minusSeconds(20).toNanos());
		this.time.advance(LEASE_TIMEOUT.minusSeconds(20));
		assertThat(budget.poll(ticket).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void observeShouldLearnALimitTheProviderReports() {
		Budget budget = budget(limits());
		budget.addListener(this.listener);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 700.0, null)));
		assertThat(budget.state().meters()).containsKey(Meter.TOKENS_PER_MINUTE);
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(1000);
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).source()).isEqualTo(LimitSource.HEADERS);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(700, within(1e-6));
		assertThat(this.listener.limitChanges).containsExactly("tokens-per-minute:0->1000");
	}

	@Test
	void observedLimitShouldReplaceTheConfiguredOneAndKeepWhatWasUsed() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(300), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(2000L, null, null)));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE).limit()).isEqualTo(2000);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(1700, within(1e-6));
	}

	@Test
	void observeShouldLowerTheLevelToWhatTheProviderReportsButNeverRaiseIt() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(100), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 950.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(900, within(1e-6));
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 500.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(500, within(1e-6));
	}

	@Test
	void rateLimitedResponseShouldCloseTheBudgetUntilRetryAfter() {
		Budget budget = budget(limits().limit(Meter.REQUESTS_PER_MINUTE, 100));
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(5), null));
		assertThat(budget.state().cooldownRemainingNanos()).isCloseTo(5 * SECOND, within(1000L));
		Admission queued = budget.acquire(requests(1), Duration.ofSeconds(10).toNanos());
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		assertThat(queued.meter()).isNull();
		assertThat(queued.waitNanos()).isCloseTo(5 * SECOND, within(1000L));
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.state().cooldownRemainingNanos()).isZero();
	}

	@Test
	void rateLimitedResponseNamingAMeterShouldEmptyThatMeter() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(1),
				Meter.TOKENS_PER_MINUTE));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(0, within(1e-6));
	}

	@Test
	void stateShouldCountLeasesInFlightAndCallsWaiting() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 60));
		budget.acquire(tokens(30), 0);
		budget.acquire(tokens(30), 0);
		budget.acquire(tokens(10), Duration.ofMinutes(1).toNanos());
		assertThat(budget.state().inFlight()).isEqualTo(2);
		assertThat(budget.state().waiting()).isEqualTo(1);
		assertThat(budget.state().meters()).containsOnlyKeys(Meter.TOKENS_PER_MINUTE);
	}

	@Test
	void queuedCallsShouldBeGrantedInArrivalOrderWhateverOrderTheyPoll() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket first = budget.acquire(tokens(50), FOREVER).ticket();
		Ticket second = budget.acquire(tokens(50), FOREVER).ticket();
		Ticket third = budget.acquire(tokens(50), FOREVER).ticket();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Status.QUEUED);
		assertThat(budget.poll(second).status()).isEqualTo(Status.QUEUED);
		assertThat(budget.poll(first).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Status.QUEUED);
		assertThat(budget.poll(second).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(third).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void refundShouldGrantAQueuedCallBeforeItsEstimatedInstant() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		Lease lease = budget.acquire(tokens(100), 0).lease();
		Admission queued = budget.acquire(tokens(50), FOREVER);
		assertThat(queued.waitNanos()).isEqualTo(30 * SECOND);
		budget.settle(lease, tokens(20));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(30, within(1e-6));
	}

	@Test
	void cooldownShouldHoldQueuedCallsEvenWhenTheMetersCouldPay() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 100));
		budget.acquire(tokens(100), 0);
		Ticket ticket = budget.acquire(tokens(10), FOREVER).ticket();
		budget.observe(new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(20), null));
		this.time.advance(Duration.ofSeconds(10));
		Admission held = budget.poll(ticket);
		assertThat(held.status()).isEqualTo(Status.QUEUED);
		assertThat(held.waitNanos()).isEqualTo(10 * SECOND);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.poll(ticket).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void meterLearnedAfterAdmissionShouldNotBeCreditedBySettlement() {
		Budget budget = budget(limits());
		Lease lease = budget.acquire(tokens(500), 0).lease();
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 200.0, null)));
		budget.settle(lease, tokens(100));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(200, within(1e-6));
	}

	@Test
	void admissionMarginShouldKeepBackWhatRefillsInTheMarginThenAdmitAtTheSameRate() {
		Budget budget = budget(storeWith(Duration.ofSeconds(1), Duration.ZERO),
				limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		assertThat(budget.acquire(tokens(590), 0).status()).isEqualTo(Status.GRANTED);
		Admission short10 = budget.acquire(tokens(10), Duration.ofSeconds(5).toNanos());
		assertThat(short10.status()).as("10 left, but 10 refill per second are held back").isEqualTo(Status.QUEUED);
		assertThat(short10.waitNanos()).isEqualTo(SECOND);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.poll(short10.ticket()).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.acquire(tokens(10), 0).status()).as("one second of refill pays one second of calls")
			.isEqualTo(Status.GRANTED);
	}

	@Test
	void admissionMarginShouldNeverKeepOutACallOfTheWholeLimit() {
		Budget budget = budget(storeWith(Duration.ofSeconds(30), Duration.ZERO),
				limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		assertThat(budget.acquire(tokens(600), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void admissionMarginShouldLeaveTheConcurrencyCounterAlone() {
		Budget budget = budget(storeWith(Duration.ofSeconds(30), Duration.ZERO),
				limits().limit(Meter.CONCURRENT_REQUESTS, 2));
		Cost one = Cost.builder().set(Meter.CONCURRENT_REQUESTS, 1).build();
		assertThat(budget.acquire(one, 0).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(one, 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void admissionsWithinTheObservationLagShouldBeSubtractedFromTheReportedRemaining() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(300), 0);
		this.time.advance(Duration.ofMillis(100));
		budget.observe(remaining(900));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(600, within(1e-6));
	}

	@Test
	void callsAdmittedBeforeTheObservedCallShouldBeTakenAsCountedByTheProvider() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(10_000), 0);
		this.time.advance(Duration.ofMillis(10));
		Lease observed = budget.acquire(tokens(10_000), 0).lease();
		this.time.advance(Duration.ofMillis(10));
		budget.acquire(tokens(5_000), 0);
		this.time.advance(Duration.ofMillis(10));
		budget.observe(remaining(38_000), observed);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(33_000, within(1e-6));
	}

	@Test
	void callTheProviderAlreadyAnsweredShouldNeverBeTakenAsUnseen() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease answered = budget.acquire(tokens(10_000), 0).lease();
		this.time.advance(Duration.ofMillis(10));
		budget.observe(remaining(50_000), answered);
		this.time.advance(Duration.ofMillis(10));
		budget.acquire(tokens(5_000), 0);
		this.time.advance(Duration.ofMillis(10));
		// within the lag both calls were admitted, but only the unanswered one can be unseen
		budget.observe(remaining(45_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(40_000, within(1e-6));
	}

	@Test
	void callWhoseRequestHasNotLeftShouldNotBeTakenAsCountedByTheProvider() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease observed = budget.acquire(tokens(10_000), 0).lease();
		budget.acquire(tokens(5_000), 0);
		budget.requestSent(observed);
		this.time.advance(Duration.ofSeconds(2));
		budget.observe(remaining(50_000), observed);
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(45_000, within(1e-6));
	}

	@Test
	void callShouldBeTakenAsCountedTheLagAfterItsRequestLeft() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		Lease heldBack = budget.acquire(tokens(30_000), 0).lease();
		this.time.advance(Duration.ofSeconds(1));
		budget.requestSent(heldBack);
		this.time.advance(Duration.ofMillis(499));
		budget.observe(remaining(50_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(20_000, within(1e-6));
		this.time.advance(Duration.ofMillis(1));
		budget.observe(remaining(20_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(20_000, within(1e-6));
	}

	@Test
	void whatWasTakenOffForUnseenCallsShouldLastOnlyUntilTheNextFigure() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(10_000), 0);
		budget.observe(remaining(50_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(40_000, within(1e-6));
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(45_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(45_000, within(1e-6));
	}

	@Test
	void admissionsOlderThanTheObservationLagShouldBeTakenAsCountedByTheProvider() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 60_000));
		budget.acquire(tokens(30_000), 0);
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(20_000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(20_000, within(1e-6));
	}

	@Test
	void observationShouldNeverRaiseTheLevelAboveWhatTheBudgetHolds() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		budget.acquire(tokens(300), 0);
		this.time.advance(Duration.ofSeconds(1));
		budget.observe(remaining(1000));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(700 + 1000.0 / 60, within(1e-6));
	}

	@Test
	void meterLearnedByAnUnconfiguredModelShouldStartBelowWhatWasJustAdmitted() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits());
		budget.acquire(tokens(200), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 900.0, null)));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE))
			.isEqualTo(new MeterState(1000, 700, LimitSource.HEADERS));
	}

	@Test
	void limitThatRisesShouldBeUsedAtOnceUpToTheProvidersFigure() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 6000));
		budget.acquire(tokens(6000), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(12_000L, 9000.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(9000, within(1e-6));
		assertThat(budget.acquire(tokens(9000), 0).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void limitThatFallsShouldLeaveNoDebtWhenTheProviderStillHasBudget() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 6000));
		budget.acquire(tokens(5000), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(3000L, 1200.0, null)));
		assertThat(budget.state().meters().get(Meter.TOKENS_PER_MINUTE))
			.isEqualTo(new MeterState(3000, 1200, LimitSource.HEADERS));
	}

	@Test
	void debtAfterACutShouldNeverBeLargerThanTheNewCapacity() {
		Budget budget = budget(storeWith(Duration.ZERO, LAG), limits().limit(Meter.TOKENS_PER_MINUTE, 6000));
		budget.acquire(tokens(5000), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(1000L, 0.0, null)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(-1000, within(1e-6));
	}

	@Test
	void roundedRemainingShouldBeReadAsARange() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 6000));
		budget.acquire(tokens(2800), 0);
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 3000.0, null, 1000)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(3200, within(1e-6));
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(null, 2000.0, null, 1000)));
		assertThat(available(budget, Meter.TOKENS_PER_MINUTE)).isCloseTo(2000, within(1e-6));
	}

	@Test
	void refusalOfACallAdmittedBeforeACutWasLearnedShouldCloseNothing() {
		Budget budget = budget(limits().limit(Meter.TOKENS_PER_MINUTE, 6000));
		Lease inFlight = budget.acquire(tokens(1000), 0).lease();
		budget.observe(readings(Meter.TOKENS_PER_MINUTE, new MeterReading(3000L, 500.0, null)));
		this.time.advance(Duration.ofMillis(1));
		Lease admittedOnTheNewLimit = budget.acquire(tokens(100), 0).lease();
		budget.observe(refused(new MeterReading(3000L, 0.0, null)), inFlight);
		assertThat(budget.state().cooldownRemainingNanos()).isZero();
		budget.observe(refused(new MeterReading(3000L, 0.0, null)), admittedOnTheNewLimit);
		assertThat(budget.state().cooldownRemainingNanos()).isCloseTo(20 * SECOND, within(1000L));
	}

	/**
	 * The store under test.
	 * @return the store
	 */
	protected BudgetStore store() {
		return this.store;
	}

	/**
	 * Limits of a model no other test uses.
	 * @return a builder for a fresh model id
	 */
	protected static ModelLimits.Builder limits() {
		return ModelLimits.builder("model-" + UUID.randomUUID());
	}

	/**
	 * Another store under test, closed after the test.
	 * @param admissionMargin refill time its budgets hold back at admission
	 * @param observationLag how long before an observation an admission may still be unseen
	 * @return the store
	 */
	protected BudgetStore storeWith(Duration admissionMargin, Duration observationLag) {
		BudgetStore created = createStore(this.time, LEASE_TIMEOUT, admissionMargin, observationLag);
		this.stores.add(created);
		return created;
	}

	private Budget budget(ModelLimits.Builder limits) {
		return budget(this.store, limits);
	}

	private static Budget budget(BudgetStore store, ModelLimits.Builder limits) {
		return store.create(limits.build());
	}

	private static ProviderSnapshot remaining(double remaining) {
		return readings(Meter.TOKENS_PER_MINUTE, new MeterReading(null, remaining, null));
	}

	private static double available(Budget budget, Meter meter) {
		return budget.state().meters().get(meter).available();
	}

	private static Cost tokens(double amount) {
		return Cost.builder().set(Meter.TOKENS_PER_MINUTE, amount).build();
	}

	private static Cost requests(double amount) {
		return Cost.builder().set(Meter.REQUESTS_PER_MINUTE, amount).build();
	}

	private static Cost cost(double requests, double tokens) {
		return Cost.builder().set(Meter.REQUESTS_PER_MINUTE, requests).set(Meter.TOKENS_PER_MINUTE, tokens).build();
	}

	private static ProviderSnapshot refused(MeterReading reading) {
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(Meter.TOKENS_PER_MINUTE, reading),
				Duration.ofSeconds(20), Meter.TOKENS_PER_MINUTE);
	}

	private static ProviderSnapshot readings(Meter meter, MeterReading reading) {
		return new ProviderSnapshot(ResponseKind.OK, Map.of(meter, reading), null, null);
	}

}
