package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for per-key shares in {@link LocalBudget} on a manual clock: a model with 60
 * requests per minute (one a second) of which no key may hold more than a quarter.
 */
class KeyShareTests {

	private static final long FOREVER = Duration.ofHours(1).toNanos();

	private static final Cost ONE = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 1));

	private final ManualTimeSource time = new ManualTimeSource();

	private final LocalBudget budget = new LocalBudget(
			ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, 60).maxSharePerKey(0.25).build(), this.time,
			LocalBudgetTests.noMargin());

	@Test
	void keyIsAdmittedUpToItsShareOfTheMeterAndNoFurther() {
		for (int i = 0; i < 15; i++) {
			assertThat(this.budget.acquire(ONE, 0, tenant("greedy")).status()).isEqualTo(Admission.Status.GRANTED);
		}
		Admission refused = this.budget.acquire(ONE, 0, tenant("greedy"));
		assertThat(refused.status()).isEqualTo(Admission.Status.REJECTED);
		// the key's share refills at a quarter of the meter's rate: one request in 4 s
		assertThat(refused.waitNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
		assertThat(this.budget.acquire(ONE, 0, tenant("other")).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(this.budget.acquire(ONE, 0).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void settlingGivesBackToTheKeysShare() {
		List<Lease> leases = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			leases.add(this.budget.acquire(ONE, 0, tenant("a")).lease());
		}
		this.budget.settle(leases.get(0), Cost.ZERO);
		assertThat(this.budget.acquire(ONE, 0, tenant("a")).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void waitingKeysAreServedInTurnsWhateverOrderTheyQueuedIn() {
		drain();
		List<Ticket> tickets = new ArrayList<>();
		List<String> keys = List.of("a", "a", "a", "b", "b", "c");
		keys.forEach((key) -> tickets.add(this.budget.acquire(ONE, FOREVER, tenant(key)).ticket()));
		List<String> served = new ArrayList<>();
		for (int second = 0; second < 6; second++) {
			this.time.advance(Duration.ofSeconds(1));
			for (int i = 0; i < tickets.size(); i++) {
				Ticket ticket = tickets.get(i);
				if (ticket != null && this.budget.poll(ticket).status() == Admission.Status.GRANTED) {
					served.add(keys.get(i));
					tickets.set(i, null);
				}
			}
		}
		assertThat(served).containsExactly("a", "b", "c", "a", "b", "a");
	}

	@Test
	void keyWaitingForItsOwnShareDoesNotHoldBackOtherKeys() {
		for (int i = 0; i < 15; i++) {
			this.budget.acquire(ONE, 0, tenant("greedy"));
		}
		Ticket greedy = this.budget.acquire(ONE, FOREVER, tenant("greedy")).ticket();
		assertThat(this.budget.acquire(ONE, FOREVER, tenant("patient")).status())
			.isEqualTo(Admission.Status.GRANTED);
		assertThat(this.budget.poll(greedy).status()).isEqualTo(Admission.Status.QUEUED);
		this.time.advance(Duration.ofSeconds(4));
		assertThat(this.budget.poll(greedy).status()).isEqualTo(Admission.Status.GRANTED);
	}

	@Test
	void keysNearTheirShareAreReportedFullestFirst() {
		for (int i = 0; i < 15; i++) {
			this.budget.acquire(ONE, 0, tenant("full"));
		}
		for (int i = 0; i < 13; i++) {
			this.budget.acquire(ONE, 0, tenant("near"));
		}
		for (int i = 0; i < 5; i++) {
			this.budget.acquire(ONE, 0, tenant("light"));
		}
		assertThat(this.budget.state().keysNearShare()).extracting(BudgetState.KeyShare::key)
			.containsExactly("full", "near");
		BudgetState.KeyShare full = this.budget.state().keysNearShare().get(0);
		assertThat(full.meter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
		assertThat(full.share()).isEqualTo(0.25);
		assertThat(full.maxShare()).isEqualTo(0.25);
	}

	@Test
	void keysThatHoldNothingAreForgottenAndNewKeysShareOneHoldingBeyondTheBound() {
		ModelLimits limits = ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, 1_000_000).build();
		MeterSet meters = new MeterSet(limits, 0, new ExternalConsumption(false), this.time);
		KeyShares shares = new KeyShares(0.5);
		for (int i = 0; i < KeyShares.MAX_KEYS; i++) {
			shares.debit("k" + i, ONE, meters, this.time.nanoTime());
		}
		assertThat(shares.debit("one too many", ONE, meters, this.time.nanoTime())).isEqualTo(KeyShares.OVERFLOW_KEY);
		assertThat(shares.size()).isEqualTo(KeyShares.MAX_KEYS);
		// a minute later every key has its share back and holds nothing
		this.time.advance(Duration.ofMinutes(1));
		assertThat(shares.debit("new", ONE, meters, this.time.nanoTime())).isEqualTo("new");
		assertThat(shares.size()).isEqualTo(1);
	}

	@Test
	void callLargerThanAKeysShareGoesWhileTheKeyHoldsNothing() {
		Cost twenty = Cost.of(Map.of(Meter.REQUESTS_PER_MINUTE, 20));
		assertThat(this.budget.acquire(twenty, 0, tenant("a")).status()).isEqualTo(Admission.Status.GRANTED);
		assertThat(this.budget.acquire(ONE, 0, tenant("a")).status()).isEqualTo(Admission.Status.REJECTED);
	}

	private void drain() {
		while (this.budget.acquire(ONE, 0).status() == Admission.Status.GRANTED) {
			// take every request the budget has
		}
	}

	private static Claimant tenant(String key) {
		return new Claimant(Priority.NORMAL, key);
	}

}
