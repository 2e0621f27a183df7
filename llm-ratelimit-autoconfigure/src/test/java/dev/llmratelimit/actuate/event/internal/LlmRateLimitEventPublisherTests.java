package dev.llmratelimit.actuate.event.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRequestTooLargeException;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.actuate.event.LlmCallThrottledEvent;
import dev.llmratelimit.actuate.event.LlmLimitChangedEvent;
import dev.llmratelimit.actuate.event.LlmMeterExhaustedEvent;
import dev.llmratelimit.actuate.event.LlmReservationExpiredEvent;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.HeaderLimitsDialect;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LlmRateLimitEventPublisherTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final ManualTimeSource time = new ManualTimeSource();

	private final List<Object> events = new ArrayList<>();

	private BudgetLimiter limiter;

	private final LlmRateLimitEventPublisher publisher = new LlmRateLimitEventPublisher(this.events::add,
			() -> this.limiter);

	@Test
	void providerRefusalPublishesCallThrottled() {
		limiter(BudgetLimiter.builder());

		this.limiter.observe(MODEL, HeaderLimitsDialect.tooManyRequests(7));

		assertThat(this.events).singleElement().isInstanceOfSatisfying(LlmCallThrottledEvent.class, (event) -> {
			assertThat(event.getModel()).isEqualTo(MODEL);
			assertThat(event.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
		});
	}

	@Test
	void limitRevealedByHeadersPublishesLimitChanged() {
		limiter(BudgetLimiter.builder());

		this.limiter.observe(MODEL, HeaderLimitsDialect.limitResponse(Meter.TOKENS_PER_MINUTE, 90_000));

		assertThat(this.events).singleElement().isInstanceOfSatisfying(LlmLimitChangedEvent.class, (event) -> {
			assertThat(event.getMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
			assertThat(event.getPreviousLimit()).isZero();
			assertThat(event.getNewLimit()).isEqualTo(90_000);
		});
	}

	@Test
	void repeatedRefusalsOfOneEpisodePublishMeterExhaustedOnce() {
		limiter(BudgetLimiter.builder());
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(LlmRateLimitExceededException.class)
				.isThrownBy(() -> this.limiter.reserve(MODEL, 10, 10, Duration.ZERO));
		}

		assertThat(this.events).singleElement().isInstanceOfSatisfying(LlmMeterExhaustedEvent.class, (event) -> {
			assertThat(event.getMeter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
			assertThat(event.getRetryAfter()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void callAdmittedWithoutWaitingEndsTheEpisodeSoTheNextExhaustionPublishesAgain() {
		limiter(BudgetLimiter.builder());
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve(MODEL, 10, 10, Duration.ZERO));
		this.time.advance(Duration.ofMinutes(1));
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);
		this.limiter.reserve(MODEL, 10, 10, Duration.ZERO);

		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve(MODEL, 10, 10, Duration.ZERO));

		assertThat(this.events).hasSize(2).allMatch(LlmMeterExhaustedEvent.class::isInstance);
	}

	@Test
	void callThatCanNeverFitPublishesNoMeterExhausted() {
		limiter(BudgetLimiter.builder());

		assertThatExceptionOfType(LlmRequestTooLargeException.class)
			.isThrownBy(() -> this.limiter.reserve(MODEL, 10, 50_000, Duration.ZERO));

		assertThat(this.events).isEmpty();
	}

	@Test
	void callAdmittedAfterWaitingPublishesMeterExhaustedForTheBindingMeter() {
		limiter(BudgetLimiter.builder().pacers((limits) -> (timeout) -> {
			this.time.advance(Duration.ofMillis(500));
			return TimeUnit.MILLISECONDS.toNanos(500);
		}));

		this.limiter.reserve(MODEL, 10, 10, Duration.ofSeconds(1));
		this.limiter.reserve(MODEL, 10, 10, Duration.ofSeconds(1));

		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(LlmMeterExhaustedEvent.class,
					(event) -> assertThat(event.getMeter()).isEqualTo(Meter.REQUESTS_PER_MINUTE));
	}

	@Test
	void reservationNeverSettledPublishesReservationExpired() {
		limiter(BudgetLimiter.builder().leaseTimeout(Duration.ofSeconds(10)));
		this.limiter.reserve(MODEL, 10, 20, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(11));

		this.limiter.headroom(MODEL);

		assertThat(this.events).singleElement().isInstanceOfSatisfying(LlmReservationExpiredEvent.class, (event) -> {
			assertThat(event.getLeaseId()).isNotBlank();
			assertThat(event.getReserved()).containsEntry(Meter.REQUESTS_PER_MINUTE, 1.0);
		});
	}

	private void limiter(BudgetLimiter.Builder builder) {
		this.limiter = builder.timeSource(this.time)
			.admissionMargin(Duration.ZERO)
			.dialects(HeaderLimitsDialect.registry())
			.listener(this.publisher)
			.model(ModelLimits.builder(MODEL)
				.limit(Meter.REQUESTS_PER_MINUTE, 2)
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
				.build())
			.build();
	}

}
