package dev.llmratelimit.actuate.health.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.HeaderLimitsDialect;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.store.StoreHealth;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRateLimitHealthIndicatorTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.dialects(HeaderLimitsDialect.registry())
		.model(ModelLimits.builder(MODEL).limit(Meter.REQUESTS_PER_MINUTE, 50).build())
		.build();

	@Test
	void healthIsUpWithInFlightAndWaitingCallsPerModel() {
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(), false).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(modelDetails(health)).containsEntry("inFlight", 1)
			.containsEntry("waiting", 0)
			.containsEntry("cooldownUntil", null);
	}

	@Test
	void cooldownIsReportedWhileHealthStaysUpByDefault() {
		this.limiter.observe(MODEL, HeaderLimitsDialect.tooManyRequests(30));

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(), false).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(modelDetails(health)).containsEntry("cooldownUntil", "2026-02-25T20:00:30Z");
	}

	@Test
	void cooldownMakesHealthDownWhenConfiguredSo() {
		this.limiter.observe(MODEL, HeaderLimitsDialect.tooManyRequests(30));

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(), true).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void healthIsUpAgainOnceTheCooldownIsOver() {
		this.limiter.observe(MODEL, HeaderLimitsDialect.tooManyRequests(30));
		this.time.advance(Duration.ofSeconds(31));

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(), true).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void unavailableStoreMakesHealthDown() {
		SwitchableStore store = new SwitchableStore();
		store.available = false;

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(store), false).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(storeDetails(health, "redis")).containsEntry("available", false);
	}

	@Test
	void availableStoreIsReportedAndKeepsHealthUp() {
		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(new SwitchableStore()), false).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(storeDetails(health, "redis")).containsEntry("available", true);
	}

	@Test
	void storeDetailsAreReportedBesideItsAvailability() {
		SwitchableStore store = new SwitchableStore();
		store.available = false;

		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(store), false).health();

		assertThat(storeDetails(health, "redis")).containsEntry("error", "connection refused");
	}

	@Test
	void noStoreDetailsWithoutStores() {
		Health health = new LlmRateLimitHealthIndicator(this.limiter, List.of(), false).health();

		assertThat(health.getDetails()).doesNotContainKey("stores");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> storeDetails(Health health, String store) {
		Map<String, Object> stores = (Map<String, Object>) health.getDetails().get("stores");
		return (Map<String, Object>) stores.get(store);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> modelDetails(Health health) {
		Map<String, Object> models = (Map<String, Object>) health.getDetails().get("models");
		return (Map<String, Object>) models.get(MODEL);
	}

	private static final class SwitchableStore implements StoreHealth {

		private boolean available = true;

		@Override
		public String name() {
			return "redis";
		}

		@Override
		public boolean isAvailable() {
			return this.available;
		}

		@Override
		public Map<String, Object> details() {
			return this.available ? Map.of() : Map.of("error", "connection refused");
		}

	}

}
