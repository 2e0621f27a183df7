package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.Map;

import dev.llmratelimit.core.internal.Budget;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Three instances share 900 tokens a minute, {@code on-failure=local}, and their Redis is
 * killed and started again empty, as a Redis without persistence is after a crash: the
 * budget must not start full again, which would admit what the instances spent on their
 * fallbacks a second time. The first instance back brings the level down to what it can
 * tell is left (its fallback's level), the others presumed to have spent all theirs, and
 * withholds their third of the refill over the presumption (1 s of probes and the 3 s
 * waiter timeout: 20 tokens each); each later one adds what is left of its share. Scripts
 * and fallbacks read one manual clock.
 */
class RedisRestartedEmptyTests extends ThreeInstanceOutageTests {

	RedisRestartedEmptyTests() {
		super(false);
	}

	@Test
	void firstInstanceBackShouldStartTheEmptiedBudgetFromWhatItCanTellIsLeft() {
		Budget budget = this.store.create(this.limits);
		budget.acquire(tokens(600), 0);
		assertThat(available(budget)).isCloseTo(300, within(1e-6));
		this.redis.kill();
		budget.acquire(tokens(50), 0);
		assertThat(this.store.isAvailable()).isFalse();
		assertThat(available(budget)).as("its third of 300, less 50").isCloseTo(50, within(1e-6));
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).until(this.store::isAvailable);
		assertThat(available(budget)).as("the 50 left of its share; the others' shares presumed spent, "
				+ "and 20 of refill withheld for each (a full budget would show 900 - 50 - 2 x (300 + 20) = 210)")
			.isCloseTo(10, within(1e-6));
	}

	@Test
	void laterInstanceBackShouldAddWhatIsLeftOfItsShare() {
		try (RedisBudgetStore other = store(Duration.ofSeconds(2))) {
			Budget budget = this.store.create(this.limits);
			Budget otherBudget = other.create(this.limits);
			budget.acquire(tokens(600), 0);
			budget.state();
			otherBudget.state();
			this.redis.kill();
			budget.acquire(tokens(50), 0);
			otherBudget.acquire(tokens(30), 0);
			assertThat(this.store.isAvailable()).isFalse();
			assertThat(other.isAvailable()).isFalse();
			this.redis.restart();
			await().atMost(Duration.ofSeconds(20)).until(() -> this.store.isAvailable() && other.isAvailable());
			assertThat(available(budget))
				.as("50 and 70 left of two shares; the third presumed spent, its 20 of refill withheld")
				.isCloseTo(50 + 70 - 20, within(1e-6));
		}
	}

	@Test
	void admissionsOnTheEmptiedBudgetBeforeTheFirstReportShouldStayCharged() {
		try (RedisBudgetStore other = store(Duration.ofMillis(100))) {
			FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
			Budget otherBudget = other.create(this.limits);
			budget.state();
			String generation = generation(budget);
			flushAll();
			otherBudget.acquire(tokens(100), 0);
			assertThat(available(otherBudget)).as("the emptied budget started full").isCloseTo(800, within(1e-6));
			budget.redis().reportOutage(amounts(0), 3, PRESUMPTION, Map.of(), generation, amounts(50));
			assertThat(available(otherBudget)).as("50 left, less the 100 admitted since, less 2 x 20 withheld")
				.isCloseTo(50 - 100 - 40, within(1e-6));
		}
	}

	@Test
	void budgetLostWithoutAnOutageShouldBeBroughtDownAtTheNextRead() {
		FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
		budget.acquire(tokens(600), 0);
		budget.state();
		flushAll();
		budget.acquire(tokens(100), 0);
		assertThat(available(budget)).as("the emptied budget started full").isCloseTo(800, within(1e-6));
		budget.refreshSharedState();
		assertThat(available(budget))
			.as("300 last read, less the 100 granted since: counted twice, as they may have been granted "
					+ "before Redis lost the budget (on the safe side)")
			.isCloseTo(100, within(1e-6));
		budget.refreshSharedState();
		assertThat(available(budget)).as("reported once").isCloseTo(100, within(1e-6));
	}

	@Test
	void instanceThatKnewNoGenerationShouldReportAsAfterAnyOutage() {
		FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
		budget.redis().reportOutage(amounts(100), 3, PRESUMPTION, Map.of(), "", amounts(50));
		assertThat(available(budget)).as("100 spent, and for each other instance 300 and 20 of refill")
			.isCloseTo(900 - 100 - 2 * (300 + 20), within(1e-6));
	}

	@Test
	void budgetStillInRedisShouldKeepItsLevelAndTakeTheUsualPresumption() {
		FailoverBudget budget = (FailoverBudget) this.store.create(this.limits);
		budget.acquire(tokens(300), 0);
		budget.state();
		budget.redis().reportOutage(amounts(100), 3, PRESUMPTION, Map.of(), generation(budget), amounts(50));
		assertThat(available(budget)).as("600 left, 100 spent, and for each other instance 200 and 20 of refill")
			.isCloseTo(600 - 100 - 2 * (200 + 20), within(1e-6));
	}

	private String generation(FailoverBudget budget) {
		return budget.redis().read().generation();
	}

	private void flushAll() {
		try (RedisConnection connection = this.connections.getConnection()) {
			connection.serverCommands().flushAll();
		}
	}
}
