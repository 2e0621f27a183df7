package dev.llmratelimit.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.core.internal.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of priorities and keys (tenants) every {@link BudgetStore}'s budgets share, run
 * against each store on a manual clock: a model with 60 requests per minute (one a
 * second), the default low-priority reserve of 20% and, where keys are capped, a share of
 * a quarter per key.
 */
public abstract class PriorityAndKeyShareContractTests {

	/** How long unsettled leases live in the stores under test. */
	protected static final Duration LEASE_TIMEOUT = Duration.ofMinutes(1);

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private static final Cost ONE = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1));

	private static final Claimant HIGH = new Claimant(Priority.HIGH, null);

	private static final Claimant LOW = new Claimant(Priority.LOW, null);

	protected final ManualTimeSource time = new ManualTimeSource();

	private final List<BudgetStore> stores = new ArrayList<>();

	/**
	 * Creates a store under test, without admission margin or observation lag.
	 * @param time the manual clock the budgets must read
	 * @return the store
	 */
	protected abstract BudgetStore createStore(TimeSource time);

	@AfterEach
	void closeStores() throws Exception {
		for (BudgetStore created : this.stores) {
			if (created instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Test
	void higherPriorityShouldBeServedFirstAndFirstComeFirstServedWithinAPriority() {
		Budget budget = budget(limits());
		drain(budget);
		List<Ticket> tickets = new ArrayList<>();
		tickets.add(queue(budget, LOW));
		tickets.add(queue(budget, Claimant.NORMAL));
		tickets.add(queue(budget, HIGH));
		tickets.add(queue(budget, Claimant.NORMAL));
		tickets.add(queue(budget, HIGH));
		// the low call needs 1 request plus the reserve of 12: it goes once 13 have refilled
		assertThat(servedOrder(budget, tickets, 20)).containsExactly(2, 4, 1, 3, 0);
	}

	@Test
	void newHighPriorityCallShouldBeAdmittedAtOnceWhileOnlyLowerPrioritiesWait() {
		Budget budget = budget(limits());
		drain(budget);
		Ticket low = queue(budget, LOW);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.acquire(ONE, 0, HIGH).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.poll(low).status()).isEqualTo(Status.QUEUED);
	}

	@Test
	void newNormalCallShouldQueueBehindAWaitingHighPriorityCall() {
		Budget budget = budget(limits());
		drain(budget);
		Ticket high = queue(budget, HIGH);
		Admission normal = budget.acquire(ONE, FOREVER, Claimant.NORMAL);
		assertThat(normal.status()).isEqualTo(Status.QUEUED);
		assertThat(normal.waitNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
		this.time.advance(Duration.ofSeconds(1));
		assertThat(budget.poll(normal.ticket()).status()).isEqualTo(Status.QUEUED);
		assertThat(budget.poll(high).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void lowPriorityCallShouldBeAdmittedOnlyWhileEveryMeterKeepsTheReserve() {
		Budget budget = budget(limits());
		for (int i = 0; i < 48; i++) {
			assertThat(budget.acquire(ONE, 0, LOW).status()).isEqualTo(Status.GRANTED);
		}
		// 12 left, 20% of 60: the next low call would take from the reserve
		Admission refused = budget.acquire(ONE, 0, LOW);
		assertThat(refused.status()).isEqualTo(Status.REJECTED);
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		assertThat(budget.acquire(ONE, 0, Claimant.NORMAL).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(ONE, 0, HIGH).status()).isEqualTo(Status.GRANTED);
		assertThat(available(budget)).isEqualTo(10);
	}

	@Test
	void waitingLowPriorityCallShouldNotBeStarvedWhileBudgetRefills() {
		Budget budget = budget(limits());
		drain(budget);
		Ticket low = queue(budget, LOW);
		for (int second = 1; second <= 13; second++) {
			this.time.advance(Duration.ofSeconds(1));
			assertThat(budget.poll(low).status()).as("after %d s", second)
				.isEqualTo((second < 13) ? Status.QUEUED : Status.GRANTED);
		}
	}

	@Test
	void lowPriorityCallLargerThanTheMeterLessItsReserveShouldGoOnceTheMeterIsFull() {
		Budget budget = budget(limits());
		budget.acquire(Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 30)), 0);
		Admission queued = budget.acquire(Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 55)), FOREVER, LOW);
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		assertThat(queued.waitNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		this.time.advance(Duration.ofSeconds(30));
		assertThat(budget.poll(queued.ticket()).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void estimatedWaitShouldCountOnlyCallsOfHigherOrEqualPriorityAhead() {
		Budget budget = budget(limits());
		drain(budget);
		queue(budget, LOW);
		queue(budget, LOW);
		Admission high = budget.acquire(ONE, FOREVER, HIGH);
		assertThat(high.waitNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		Admission normal = budget.acquire(ONE, FOREVER, Claimant.NORMAL);
		assertThat(normal.waitNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void stateShouldCountWaitingCallsPerPriority() {
		Budget budget = budget(limits());
		drain(budget);
		queue(budget, HIGH);
		queue(budget, LOW);
		queue(budget, LOW);
		assertThat(budget.state().waitingByPriority())
			.containsExactlyInAnyOrderEntriesOf(Map.of(Priority.HIGH, 1, Priority.NORMAL, 0, Priority.LOW, 2));
		assertThat(budget.state().waiting()).isEqualTo(3);
	}

	@Test
	void keyShouldBeAdmittedUpToItsShareOfTheMeterAndNoFurther() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		for (int i = 0; i < 15; i++) {
			assertThat(budget.acquire(ONE, 0, tenant("greedy")).status()).isEqualTo(Status.GRANTED);
		}
		Admission refused = budget.acquire(ONE, 0, tenant("greedy"));
		assertThat(refused.status()).isEqualTo(Status.REJECTED);
		// the key's share refills at a quarter of the meter's rate: one request in 4 s
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
		assertThat(budget.acquire(ONE, 0, tenant("other")).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(ONE, 0).status()).isEqualTo(Status.GRANTED);
		this.time.advance(Duration.ofSeconds(4));
		assertThat(budget.acquire(ONE, 0, tenant("greedy")).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void settlingShouldGiveBackToTheKeysShare() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		List<Lease> leases = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			leases.add(budget.acquire(ONE, 0, tenant("a")).lease());
		}
		assertThat(budget.acquire(ONE, 0, tenant("a")).status()).isEqualTo(Status.REJECTED);
		assertThat(budget.settle(leases.get(0), Cost.ZERO)).isTrue();
		assertThat(budget.acquire(ONE, 0, tenant("a")).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void keysConcurrencyShouldComeBackWhenItsLeaseExpires() {
		Budget budget = budget(limits().limit(Meter.REQUESTS_PER_MINUTE, 1000)
			.limit(Meter.CONCURRENT_REQUESTS, 4)
			.maxSharePerKey(0.5));
		Cost call = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1, Meter.CONCURRENT_REQUESTS, 1));
		budget.acquire(call, 0, tenant("a"));
		budget.acquire(call, 0, tenant("a"));
		Admission refused = budget.acquire(call, 0, tenant("a"));
		assertThat(refused.status()).isEqualTo(Status.REJECTED);
		assertThat(refused.waitNanos()).isEqualTo(Admission.UNKNOWN_WAIT);
		this.time.advance(LEASE_TIMEOUT.plusSeconds(1));
		assertThat(budget.acquire(call, 0, tenant("a")).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void waitingKeysShouldBeServedInTurnsWhateverOrderTheyQueuedIn() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		drain(budget);
		List<Ticket> tickets = new ArrayList<>();
		List<String> keys = List.of("a", "a", "a", "b", "b", "c");
		keys.forEach((key) -> tickets.add(queue(budget, tenant(key))));
		List<String> served = new ArrayList<>();
		servedOrder(budget, tickets, 6).forEach((index) -> served.add(keys.get(index)));
		assertThat(served).containsExactly("a", "b", "c", "a", "b", "a");
	}

	@Test
	void keyWaitingForItsOwnShareShouldNotHoldBackOtherKeys() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		for (int i = 0; i < 15; i++) {
			budget.acquire(ONE, 0, tenant("greedy"));
		}
		Admission greedy = budget.acquire(ONE, FOREVER, tenant("greedy"));
		assertThat(greedy.status()).isEqualTo(Status.QUEUED);
		assertThat(greedy.waitNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
		assertThat(budget.acquire(ONE, FOREVER, tenant("patient")).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.poll(greedy.ticket()).status()).isEqualTo(Status.QUEUED);
		this.time.advance(Duration.ofSeconds(4));
		assertThat(budget.poll(greedy.ticket()).status()).isEqualTo(Status.GRANTED);
	}

	@Test
	void callLargerThanAKeysShareShouldGoWhileTheKeyHoldsNothing() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		Cost twenty = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 20));
		assertThat(budget.acquire(twenty, 0, tenant("a")).status()).isEqualTo(Status.GRANTED);
		assertThat(budget.acquire(ONE, 0, tenant("a")).status()).isEqualTo(Status.REJECTED);
	}

	@Test
	void stateShouldReportTheKeysNearTheirShareFullestFirst() {
		Budget budget = budget(limits().maxSharePerKey(0.25));
		for (int i = 0; i < 15; i++) {
			budget.acquire(ONE, 0, tenant("full"));
		}
		for (int i = 0; i < 13; i++) {
			budget.acquire(ONE, 0, tenant("near"));
		}
		for (int i = 0; i < 5; i++) {
			budget.acquire(ONE, 0, tenant("light"));
		}
		List<BudgetState.KeyShare> keys = budget.state().keysNearShare();
		assertThat(keys).extracting(BudgetState.KeyShare::key).containsExactly("full", "near");
		assertThat(keys.get(0)).isEqualTo(new BudgetState.KeyShare("full", Meter.REQUESTS_PER_MINUTE, 0.25, 0.25));
		assertThat(keys.get(1).share()).isEqualTo(13 / 60.0);
	}

	@Test
	void keysShouldNotBeTrackedWhenNoShareIsSet() {
		Budget budget = budget(limits());
		for (int i = 0; i < 60; i++) {
			assertThat(budget.acquire(ONE, 0, tenant("only")).status()).isEqualTo(Status.GRANTED);
		}
		assertThat(budget.state().keysNearShare()).isEmpty();
	}

	/**
	 * A budget of a store under test, the store closed after the test.
	 * @param limits the model's limits
	 * @return the budget
	 */
	protected Budget budget(ModelLimits.Builder limits) {
		BudgetStore store = createStore(this.time);
		this.stores.add(store);
		return store.create(limits.build());
	}

	/**
	 * Limits of a model no other test uses: 60 requests per minute.
	 * @return a builder for a fresh model id
	 */
	protected static ModelLimits.Builder limits() {
		return ModelLimits.builder("model-" + UUID.randomUUID()).limit(Meter.REQUESTS_PER_MINUTE, 60);
	}

	/** Moves time a second at a time, polling every ticket, and lists them as they are granted. */
	private List<Integer> servedOrder(Budget budget, List<Ticket> tickets, int seconds) {
		List<Integer> order = new ArrayList<>();
		for (int second = 0; second < seconds && order.size() < tickets.size(); second++) {
			this.time.advance(Duration.ofSeconds(1));
			for (int i = 0; i < tickets.size(); i++) {
				if (!order.contains(i) && budget.poll(tickets.get(i)).status() == Status.GRANTED) {
					order.add(i);
				}
			}
		}
		return order;
	}

	private static Ticket queue(Budget budget, Claimant claimant) {
		Admission admission = budget.acquire(ONE, FOREVER, claimant);
		assertThat(admission.status()).isEqualTo(Status.QUEUED);
		return admission.ticket();
	}

	private static void drain(Budget budget) {
		while (budget.acquire(ONE, 0).status() == Status.GRANTED) {
			// take every request the budget has
		}
	}

	private static double available(Budget budget) {
		return budget.state().meters().get(Meter.REQUESTS_PER_MINUTE).available();
	}

	private static Claimant tenant(String key) {
		return new Claimant(Priority.NORMAL, key);
	}

}
