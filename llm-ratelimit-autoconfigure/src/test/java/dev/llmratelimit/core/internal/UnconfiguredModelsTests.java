package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.LimiterListener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Models created on first use are capped and forgotten when idle, so that names from
 * hostile or careless callers cannot grow memory without bound.
 */
class UnconfiguredModelsTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final List<String> removed = new CopyOnWriteArrayList<>();

	@Test
	void aNameBeyondTheCapFailsNamingThePropertyWhileKnownModelsStillWork() {
		BudgetLimiter limiter = limiter(3);
		limiter.reserve("a", 1, 1).complete(LlmUsage.of(1, 1));
		limiter.reserve("b", 1, 1);
		limiter.reserve("c", 1, 1);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("d", 1, 1))
			.withMessage("No rate limits configured for model 'd' and 3 unconfigured models are in use "
					+ "(llm.ratelimit.max-unconfigured-models); add the model under llm.ratelimit.models or raise the cap");
		assertThat(limiter.models()).containsExactly("configured", "a", "b", "c");
		assertThat(limiter.reserve("a", 1, 1)).isNotNull();
		assertThat(limiter.reserve("configured", 1, 1)).isNotNull();
	}

	@Test
	void theCapCountsOnlyModelsCreatedOnFirstUse() {
		BudgetLimiter limiter = limiter(1);
		limiter.reserve("a", 1, 1);
		assertThat(limiter.reserve("configured", 1, 1)).isNotNull();
		assertThat(limiter.models()).containsExactly("configured", "a");
	}

	@Test
	void anIdleUnconfiguredModelIsForgottenToMakeRoomAndItsListenersAreTold() {
		BudgetLimiter limiter = limiter(2);
		limiter.reserve("a", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(5));
		limiter.reserve("b", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(5));
		limiter.reserve("c", 1, 1);
		assertThat(limiter.models()).containsExactly("configured", "b", "c");
		assertThat(limiter.headroom("a")).isEmpty();
		assertThat(this.removed).containsExactly("a");
	}

	@Test
	void anIdleUnconfiguredModelIsForgottenWithoutTheCapBeingReached() {
		BudgetLimiter limiter = limiter(10);
		limiter.reserve("a", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(10));
		limiter.reserve("configured", 1, 1).cancel();
		assertThat(limiter.models()).containsExactly("configured");
		assertThat(this.removed).containsExactly("a");
	}

	@Test
	void idleModelsAreLookedForAtMostEveryTenthOfTheIdleTimeout() {
		// idle timeout 10 minutes: looked for at 9:59 (still in use), next at 10:59
		BudgetLimiter limiter = limiter(10);
		limiter.reserve("a", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(9).plusSeconds(59));
		limiter.reserve("configured", 1, 1).cancel();
		this.time.advance(Duration.ofSeconds(31));
		limiter.reserve("configured", 1, 1).cancel();
		assertThat(this.removed).isEmpty();
		this.time.advance(Duration.ofSeconds(28));
		limiter.reserve("configured", 1, 1).cancel();
		assertThat(this.removed).isEmpty();
		this.time.advance(Duration.ofSeconds(1));
		limiter.reserve("configured", 1, 1).cancel();
		assertThat(this.removed).containsExactly("a");
		assertThat(limiter.models()).containsExactly("configured");
	}

	@Test
	void aForgottenModelUsedAgainStartsAFreshBudget() {
		BudgetLimiter limiter = limiter(10);
		Reservation call = limiter.reserve("a", 1, 1);
		call.observe(HeaderLimitsDialect.limitResponse(Meter.TOKENS_PER_MINUTE, 5000));
		call.complete(LlmUsage.of(1, 1));
		assertThat(limiter.headroom("a").orElseThrow().meters()).containsKey(Meter.TOKENS_PER_MINUTE);
		this.time.advance(Duration.ofMinutes(10));
		limiter.reserve("b", 1, 1).cancel();
		assertThat(limiter.headroom("a")).isEmpty();
		limiter.reserve("a", 1, 1).cancel();
		assertThat(limiter.headroom("a").orElseThrow().meters()).doesNotContainKey(Meter.TOKENS_PER_MINUTE);
		assertThat(limiter.models()).containsExactly("configured", "b", "a");
		assertThat(this.removed).containsExactly("a");
	}

	@Test
	void aModelUsedWithinTheIdleTimeoutIsKept() {
		BudgetLimiter limiter = limiter(1);
		limiter.reserve("a", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(9));
		limiter.reserve("a", 1, 1).cancel();
		this.time.advance(Duration.ofMinutes(9));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("b", 1, 1));
		assertThat(this.removed).isEmpty();
	}

	@Test
	void theIdleTimeoutIsNeverShorterThanTheLeaseTimeout() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.settings(LimiterSettings.builder()
				.maxUnconfiguredModels(1)
				.unconfiguredModelIdleTimeout(Duration.ofMinutes(1))
				.leaseTimeout(Duration.ofMinutes(5))
				.build())
			.build();
		limiter.reserve("a", 1, 1);
		this.time.advance(Duration.ofMinutes(2));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("b", 1, 1));
		this.time.advance(Duration.ofMinutes(3));
		assertThat(limiter.reserve("b", 1, 1)).isNotNull();
		assertThat(limiter.models()).containsExactly("b");
	}

	@Test
	void aResponseForAModelWithoutABudgetCreatesNone() {
		BudgetLimiter limiter = limiter(10);
		limiter.observe("from-a-response-body", ProviderResponse.ok(Map.of()));
		assertThat(limiter.models()).containsExactly("configured");
	}

	@Test
	void aModelIdLongerThanTwoHundredFiftySixCharactersIsRefused() {
		BudgetLimiter limiter = limiter(10);
		String id = "x".repeat(257);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve(id, 1, 1))
			.withMessage("model id must be at most 256 characters, was 257 (starting '" + "x".repeat(32) + "')");
		assertThat(limiter.reserve("y".repeat(256), 1, 1)).isNotNull();
	}

	@Test
	void aHundredThousandDistinctNamesLeaveAtMostTheCapOfModels() {
		BudgetLimiter limiter = limiter(LimiterSettings.DEFAULT_MAX_UNCONFIGURED_MODELS);
		int refused = 0;
		for (int i = 0; i < 100_000; i++) {
			try {
				limiter.reserve("name-" + i, 1, 1).cancel();
			}
			catch (IllegalArgumentException ex) {
				refused++;
			}
		}
		assertThat(limiter.models()).hasSize(101);
		assertThat(refused).isEqualTo(99_900);
	}

	private BudgetLimiter limiter(int maxUnconfiguredModels) {
		return BudgetLimiter.builder()
			.timeSource(this.time)
			.dialects(HeaderLimitsDialect.registry())
			.maxUnconfiguredModels(maxUnconfiguredModels)
			.listener(new LimiterListener() {

				@Override
				public void removed(String model) {
					UnconfiguredModelsTests.this.removed.add(model);
				}

			})
			.model(ModelLimits.builder("configured").limit(Meter.REQUESTS_PER_MINUTE, 1000).build())
			.build();
	}

}
