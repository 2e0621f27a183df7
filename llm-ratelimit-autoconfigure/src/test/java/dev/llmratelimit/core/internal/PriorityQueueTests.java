package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.Cost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for priorities in {@link LocalBudget} on a manual clock: a model with 60 requests
 * per minute (one a second) and the default low-priority reserve of 20%.
 */
class PriorityQueueTests {

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private static final Cost ONE = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1));

	private static final Claimant HIGH = new Claimant(Priority.HIGH, null);

	private static final Claimant LOW = new Claimant(Priority.LOW, null);

	private final ManualTimeSource time = new ManualTimeSource();

	private final LocalBudget budget = new LocalBudget(
			ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, 60).build(), this.time, LocalBudgetTests.noMargin());

	@Test
	void higherPriorityIsServedFirstAndFifoWithinAPriority() {
		drain();
		List<Ticket> tickets = new ArrayList<>();
		tickets.add(queue(LOW));
		tickets.add(queue(Claimant.NORMAL));
		tickets.add(queue(HIGH));
		tickets.add(queue(Claimant.NORMAL));
		tickets.add(queue(HIGH));
		List<Integer> order = new ArrayList<>();
		// the low call needs 1 request plus the reserve of 12: it goes once 13 have refilled
		for (int second = 0; second < 20 && order.size() < tickets.size(); second++) {
			this.time.advance(Duration.ofSeconds(1));
			for (int i = 0; i < tickets.size(); i++) {
				if (!order.contains(i) && this.budget.poll(tickets.get(i)).status() == Admission.Status.GRANTED) {
					order.add(i);
				}
			}
		}
		assertThat(order).containsExactly(2, 4, 1, 3, 0);
	}

	@Test
	void newHighPriorityCallIsAdmittedAtOnceWhileOnlyLowerPrioritiesWait() {
		drain();
		queue(Claimant.NORMAL);
		this.time.advance(Duration.ofSeconds(1));
		// the refilled request goes to the waiting normal call...
		assertThat(this.budget.state().waiting()).isZero();
		Ticket low = queue(LOW);
		this.time.advance(Duration.ofSeconds(1));
		// ...but a high call does not queue behind a low one
		assertThat(this.budget.acquire(ONE, 0, HIGH).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(this.budget.poll(low).status()).isEqualTo(Admission.Status.QUEUED);
	}

	@Test
	void lowPriorityCallIsAdmittedOnlyWhileEveryMeterKeepsTheReserve() {
		for (int i = 0; i < 47; i++) {
			assertThat(this.budget.acquire(ONE, 0, LOW).status()).isEqualTo(Admission.Status.GRANTED);
		}
		// 13 left: one more low call would leave 12 (20% of 60), the next would not
		assertThat(this.budget.acquire(ONE, 0, LOW).status()).isEqualTo(Admission.Status.GRANTED);
		Admission refused = this.budget.acquire(ONE, 0, LOW);
		assertThat(refused.status()).isEqualTo(Admission.Status.REJECTED);
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		assertThat(this.budget.acquire(ONE, 0, Claimant.NORMAL).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(available()).isEqualTo(11);
	}

	@Test
	void lowPriorityCallLargerThanTheMeterLessItsReserveStillGetsThroughOnceTheMeterIsFull() {
		Cost large = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 55));
		this.budget.acquire(Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 30)), 0);
		Admission queued = this.budget.acquire(large, FOREVER, LOW);
		assertThat(queued.status()).isEqualTo(Admission.Status.QUEUED);
		assertThat(queued.waitNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		this.time.advance(Duration.ofSeconds(30));
		assertThat(this.budget.poll(queued.ticket()).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void waitingLowPriorityCallIsNotStarvedWhileBudgetRefills() {
		drain();
		Ticket low = queue(LOW);
		for (int second = 1; second <= 13; second++) {
			this.time.advance(Duration.ofSeconds(1));
			assertThat(this.budget.poll(low).status()).as("after %d s", second)
				.isEqualTo((second < 13) ? Admission.Status.QUEUED : Admission.Status.GRANTED);
		}
	}

	@Test
	void queuedCallsAreCountedPerPriority() {
		drain();
		queue(HIGH);
		queue(LOW);
		queue(LOW);
		assertThat(this.budget.state().waitingByPriority()).containsExactlyInAnyOrderEntriesOf(
				Map.of(Priority.HIGH, 1, Priority.NORMAL, 0, Priority.LOW, 2));
	}

	@Test
	void estimatedWaitCountsOnlyCallsOfHigherOrEqualPriorityAhead() {
		drain();
		queue(LOW);
		queue(LOW);
		Admission high = this.budget.acquire(ONE, FOREVER, HIGH);
		assertThat(high.waitNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		Admission normal = this.budget.acquire(ONE, FOREVER, Claimant.NORMAL);
		assertThat(normal.waitNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	private Ticket queue(Claimant claimant) {
		Admission admission = this.budget.acquire(ONE, FOREVER, claimant);
		assertThat(admission.status()).isEqualTo(Admission.Status.QUEUED);
		return admission.ticket();
	}

	private void drain() {
		while (this.budget.acquire(ONE, 0).status() == Admission.Status.GRANTED) {
			// take every request the budget has
		}
	}

	private double available() {
		return this.budget.state().meters().get(Meter.REQUESTS_PER_MINUTE).available();
	}

}
