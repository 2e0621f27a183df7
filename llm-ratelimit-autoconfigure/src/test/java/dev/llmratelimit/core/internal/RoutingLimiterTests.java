package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.pacing.internal.RequestPacers;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for fallbacks in {@link BudgetLimiter#reserve(ReservationRequest)} on a manual
 * clock: a small model with one request per minute and a fallback with ten.
 */
class RoutingLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final List<String> routes = new CopyOnWriteArrayList<>();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.model(ModelLimits.builder("small")
			.limit(Meter.REQUESTS_PER_MINUTE, 1)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 1000)
			.fallbacks(List.of("large"))
			.build())
		.model(ModelLimits.builder("large")
			.limit(Meter.REQUESTS_PER_MINUTE, 10)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 10_000)
			.defaultMaxTokens(300)
			.build())
		.listener(new LimiterListener() {

			@Override
			public void routed(String model, String fallback) {
				RoutingLimiterTests.this.routes.add(model + "->" + fallback);
			}

		})
		.build();

	@Test
	void requestIsReservedOnTheConfiguredFallbackOnceThePrimaryIsShort() {
		Reservation first = this.limiter.reserve(request().build());
		Reservation second = this.limiter.reserve(request().build());
		assertThat(first.model()).isEqualTo("small");
		assertThat(second.model()).isEqualTo("large");
		assertThat(second.waited()).isZero();
		assertThat(available("small", Meter.REQUESTS_PER_MINUTE)).isZero();
		assertThat(available("large", Meter.REQUESTS_PER_MINUTE)).isEqualTo(9);
		assertThat(this.routes).containsExactly("small->large");
	}

	@Test
	void fallbackReservesItsOwnDefaultMaxTokens() {
		this.limiter.reserve(request().build());
		Reservation routed = this.limiter.reserve(ReservationRequest.builder("small").maxWait(Duration.ZERO).build());
		assertThat(routed.maxTokens()).isEqualTo(300);
		assertThat(available("large", Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(9700);
	}

	@Test
	void plainReserveNeverRoutesBecauseItsCallerCannotChangeModel() {
		this.limiter.reserve("small", 0, 10, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve("small", 0, 10, Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.model()).isEqualTo("small"));
		assertThat(available("large", Meter.REQUESTS_PER_MINUTE)).isEqualTo(10);
		assertThat(this.routes).isEmpty();
	}

	@Test
	void fallbacksOfTheRequestReplaceTheConfiguredOnes() {
		this.limiter.reserve(request().build());
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve(request().fallbacks(List.of()).build()));
		assertThat(available("large", Meter.REQUESTS_PER_MINUTE)).isEqualTo(10);
	}

	@Test
	void settlingARoutedReservationGivesBackToTheFallback() {
		this.limiter.reserve(request().build());
		Reservation routed = this.limiter.reserve(request().build());
		routed.cancel();
		assertThat(available("large", Meter.REQUESTS_PER_MINUTE)).isEqualTo(10);
		assertThat(available("small", Meter.REQUESTS_PER_MINUTE)).isZero();
	}

	@Test
	void requestWaitsOnThePrimaryWhenNoFallbackAdmitsSooner() {
		ModelLimits.Builder small = ModelLimits.builder("small").limit(Meter.REQUESTS_PER_MINUTE, 1);
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.model(small.fallbacks(List.of("large")).build())
			.model(ModelLimits.builder("large").limit(Meter.REQUESTS_PER_MINUTE, 1).build())
			.build();
		limiter.reserve("small", 0, 1, Duration.ZERO);
		limiter.reserve("large", 0, 1, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(30));
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve(ReservationRequest.builder("small").maxWait(Duration.ofSeconds(29)).build()))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("small");
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void routedCallTakesAStartSlotOfTheModelItIsReservedOnAndGoesToTheFallbackWhenThePrimaryHasNone() {
		RequestPacers pacers = new RequestPacers(RateLimiterRegistry.ofDefaults(), Duration.ofMinutes(1));
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.pacers(pacers)
			.model(ModelLimits.builder("small")
				.limit(Meter.REQUESTS_PER_MINUTE, 10)
				.pacingInterval(Duration.ofMinutes(1))
				.fallbacks(List.of("large"))
				.build())
			.model(ModelLimits.builder("large")
				.limit(Meter.REQUESTS_PER_MINUTE, 10)
				.pacingInterval(Duration.ofMinutes(1))
				.build())
			.build();
		// one start a minute on each model, whatever their budgets still hold
		assertThat(limiter.reserve(request().build()).model()).isEqualTo("small");
		assertThat(limiter.reserve(request().build()).model()).isEqualTo("large");
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve(request().build()))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("small");
				assertThat(ex.meter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
			});
		assertThat(limiter.headroom("small").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isEqualTo(9);
		assertThat(limiter.headroom("large").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isEqualTo(9);
	}

	private static ReservationRequest.Builder request() {
		return ReservationRequest.builder("small").maxTokens(10).maxWait(Duration.ZERO);
	}

	private double available(String model, Meter meter) {
		return this.limiter.headroom(model).orElseThrow().meters().get(meter).available();
	}

}
