package dev.llmratelimit.pacing.internal;

import java.time.Duration;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.RequestPacer;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Resilience4jRequestPacer} and {@link RequestPacers}.
 */
class Resilience4jRequestPacerTests {

	private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();

	private final RequestPacers pacers = new RequestPacers(this.registry, Duration.ofSeconds(30));

	@Test
	void firstRequestStartsAtOnce() {
		RequestPacer pacer = pacerEvery(Duration.ofMinutes(1));
		assertThat(pacer.acquire(0)).isGreaterThanOrEqualTo(0);
	}

	@Test
	void requestWhoseSlotIsBeyondItsTimeoutIsRefusedWithoutTakingTheSlot() {
		RequestPacer pacer = pacerEvery(Duration.ofMinutes(1));
		pacer.acquire(0);
		assertThat(pacer.acquire(Duration.ofSeconds(1).toNanos())).isEqualTo(-1);
		assertThat(this.registry.rateLimiter("llm-gpt-4o").getMetrics().getNumberOfWaitingThreads()).isZero();
	}

	@Test
	void requestWaitsForTheNextSlotWithinItsTimeout() {
		RequestPacer pacer = pacerEvery(Duration.ofMillis(50));
		pacer.acquire(0);
		assertThat(pacer.acquire(Duration.ofSeconds(5).toNanos())).isGreaterThanOrEqualTo(0);
	}

	@Test
	void modelWithoutPacingIntervalHasNoPacer() {
		assertThat(this.pacers.apply(ModelLimits.builder("gpt-4o").limit(Meter.REQUESTS_PER_MINUTE, 60).build()))
			.isNull();
	}

	@Test
	void pacerIsRegisteredUnderTheModelsName() {
		pacerEvery(Duration.ofSeconds(1));
		assertThat(this.registry.find("llm-gpt-4o")).isPresent();
	}

	private RequestPacer pacerEvery(Duration interval) {
		return this.pacers.apply(ModelLimits.builder("gpt-4o").pacingInterval(interval).build());
	}

}
