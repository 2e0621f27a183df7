package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRequestTooLargeException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.TimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link BudgetLimiter} on a manual clock.
 */
@Timeout(60)
class BudgetLimiterTests {

	private static final Duration LONG_WAIT = Duration.ofMinutes(10);

	private final ManualTimeSource time = new ManualTimeSource();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	@Test
	void reserveRefillsContinuouslyOverTime() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 600));
		limiter.reserve("m", 100, 500, Duration.ZERO);
		assertThat(limiter.tryReserve("m", 1, 1)).isEmpty();
		this.time.advance(Duration.ofSeconds(20));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isCloseTo(200, within(1e-6));
		assertThat(limiter.tryReserve("m", 100, 100)).isPresent();
	}

	@Test
	void reserveIsAllOrNothingAcrossMeters() {
		BudgetLimiter limiter = limiter(
				limits().limit(Meter.INPUT_TOKENS_PER_MINUTE, 1000).limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 100));
		limiter.reserve("m", 500, 50, Duration.ZERO);
		assertThat(limiter.tryReserve("m", 100, 80)).isEmpty();
		assertThat(available(limiter, Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(500);
		assertThat(available(limiter, Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(50);
	}

	@Test
	void blockedCallersAreAdmittedInArrivalOrderAsTheClockAdvances() throws Exception {
		BudgetLimiter limiter = limiter(limits().limit(Meter.REQUESTS_PER_MINUTE, 1));
		limiter.reserve("m", 0, 1, Duration.ZERO);
		List<Integer> admitted = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Reservation>> callers = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 4; i++) {
			int caller = i;
			callers.add(CompletableFuture.supplyAsync(() -> {
				Reservation reservation = limiter.reserve("m", 0, 1, LONG_WAIT);
				admitted.add(caller);
				return reservation;
			}, this.executor));
			awaitWaiting(limiter, i + 1);
		}
		for (int i = 0; i < 4; i++) {
			this.time.advance(Duration.ofMinutes(1));
			limiter.wakeWaiters();
			Reservation reservation = callers.get(i).get(10, TimeUnit.SECONDS);
			assertThat(reservation.waited()).isEqualTo(Duration.ofMinutes(i + 1));
			assertThat(admitted).containsExactlyElementsOf(List.of(0, 1, 2, 3).subList(0, i + 1));
		}
	}

	@Test
	void refundWakesAQueuedCallerBeforeItsEstimatedTime() throws Exception {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Reservation first = limiter.reserve("m", 100, 900, Duration.ZERO);
		CompletableFuture<Reservation> second = CompletableFuture
			.supplyAsync(() -> limiter.reserve("m", 100, 100, LONG_WAIT), this.executor);
		awaitWaiting(limiter, 1);
		first.complete(LlmUsage.of(100, 100));
		Reservation admitted = second.get(10, TimeUnit.SECONDS);
		assertThat(admitted.waited()).isZero();
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(600);
	}

	@Test
	void callGrantedAtOnceWaitedZeroEvenWhileTheClockMoves() {
		ManualTimeSource clock = this.time;
		TimeSource ticking = new TimeSource() {

			@Override
			public long nanoTime() {
				clock.advance(Duration.ofMillis(1));
				return clock.nanoTime();
			}

			@Override
			public Instant now() {
				return clock.now();
			}

		};
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(ticking)
			.model(limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build())
			.build();
		assertThat(limiter.reserve("m", 100, 100, Duration.ZERO).waited()).isZero();
	}

	@Test
	void requestThatCanNeverFitFailsAtOnce() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		assertThatExceptionOfType(LlmRequestTooLargeException.class)
			.isThrownBy(() -> limiter.reserve("m", 600, 500, LONG_WAIT))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("m");
				assertThat(ex.meter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
				assertThat(ex.cost()).isEqualTo(1100);
				assertThat(ex.limit()).isEqualTo(1000);
			});
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
	}

	@Test
	void completeRefundsWhatTheCallDidNotUse() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Reservation reservation = limiter.reserve("m", 100, 400, Duration.ZERO);
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(500);
		reservation.complete(LlmUsage.of(100, 50));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(850);
	}

	@Test
	void completeDebitsWhatTheCallUsedBeyondItsReservationAndLaterCallersWait() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		limiter.reserve("m", 100, 400, Duration.ZERO).complete(LlmUsage.of(100, 1300));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(-400);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("m", 50, 50, Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
		this.time.advance(Duration.ofSeconds(30));
		assertThat(limiter.tryReserve("m", 50, 50)).isPresent();
	}

	@Test
	void failureRefundsOutputButKeepsRequestAndInput() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.REQUESTS_PER_MINUTE, 10)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, 1000)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 1000)
			.limit(Meter.TOKENS_PER_MINUTE, 2000));
		limiter.reserve("m", 100, 400, Duration.ZERO).fail(new IllegalStateException("boom"));
		assertThat(available(limiter, Meter.REQUESTS_PER_MINUTE)).isEqualTo(9);
		assertThat(available(limiter, Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(900);
		assertThat(available(limiter, Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(1000);
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(1900);
	}

	@Test
	void cancelRefundsEverything() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.REQUESTS_PER_MINUTE, 10)
			.limit(Meter.TOKENS_PER_MINUTE, 1000)
			.limit(Meter.CONCURRENT_REQUESTS, 1));
		limiter.reserve("m", 100, 400, Duration.ZERO).cancel();
		Headroom headroom = limiter.headroom("m").orElseThrow();
		assertThat(headroom.meters().values()).allSatisfy((meter) -> assertThat(meter.availableFraction()).isOne());
		assertThat(headroom.inFlight()).isZero();
	}

	@Test
	void reservationSettlesExactlyOnce() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		Reservation reservation = limiter.reserve("m", 100, 400, Duration.ZERO);
		reservation.complete(LlmUsage.of(100, 100));
		assertThat(reservation.isSettled()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> reservation.complete(LlmUsage.of(100, 100)));
		assertThatIllegalStateException().isThrownBy(reservation::cancel);
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(800);
	}

	@Test
	void zeroMaxWaitFailsFastNamingModelMeterAndRetryAfter() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.REQUESTS_PER_MINUTE, 1));
		limiter.reserve("m", 0, 1, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("m", 0, 1, Duration.ZERO))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("m");
				assertThat(ex.meter()).isEqualTo(Meter.REQUESTS_PER_MINUTE);
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(1));
				assertThat(ex.getMessage()).contains("'m'", "requests-per-minute", "PT1M");
			});
	}

	@Test
	void rejectionPastMaxWaitDebitsNothing() {
		BudgetLimiter limiter = limiter(
				limits().limit(Meter.REQUESTS_PER_MINUTE, 100).limit(Meter.TOKENS_PER_MINUTE, 1000));
		limiter.reserve("m", 500, 500, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("m", 250, 250, Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
		Headroom headroom = limiter.headroom("m").orElseThrow();
		assertThat(headroom.meters().get(Meter.REQUESTS_PER_MINUTE).available()).isEqualTo(99);
		assertThat(headroom.waiting()).isZero();
		this.time.advance(Duration.ofSeconds(30));
		assertThat(limiter.tryReserve("m", 250, 250)).isPresent();
	}

	@Test
	void concurrencySlotComesBackOnSettle() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.CONCURRENT_REQUESTS, 2));
		Reservation first = limiter.reserve("m", 10, 10, Duration.ZERO);
		limiter.reserve("m", 10, 10, Duration.ZERO);
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("m", 10, 10, Duration.ZERO))
			.satisfies((ex) -> {
				assertThat(ex.meter()).isEqualTo(Meter.CONCURRENT_REQUESTS);
				assertThat(ex.retryAfter()).isZero();
			});
		first.complete(LlmUsage.of(10, 10));
		assertThat(limiter.tryReserve("m", 10, 10)).isPresent();
	}

	@Test
	void completeAsReservedGivesBackOnlyTheConcurrencySlot() {
		BudgetLimiter limiter = limiter(
				limits().limit(Meter.CONCURRENT_REQUESTS, 1).limit(Meter.TOKENS_PER_MINUTE, 1000));
		limiter.reserve("m", 100, 400, Duration.ZERO).completeAsReserved();
		assertThat(available(limiter, Meter.CONCURRENT_REQUESTS)).isEqualTo(1);
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(500);
	}

	@Test
	void leaseExpiryReturnsTheConcurrencySlotAfterTheLeaseTimeout() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.leaseTimeout(Duration.ofSeconds(30))
			.model(limits().limit(Meter.CONCURRENT_REQUESTS, 1).build())
			.build();
		Reservation leaked = limiter.reserve("m", 10, 10, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(29));
		assertThat(limiter.tryReserve("m", 10, 10)).isEmpty();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(limiter.tryReserve("m", 10, 10)).isPresent();
		assertThat(limiter.headroom("m").orElseThrow().inFlight()).isOne();
		assertThat(leaked.isSettled()).isTrue();
	}

	@Test
	void settlingAnExpiredReservationChangesNothing() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.leaseTimeout(Duration.ofSeconds(30))
			.model(limits().limit(Meter.CONCURRENT_REQUESTS, 1).build())
			.build();
		Reservation slow = limiter.reserve("m", 10, 10, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(30));
		limiter.reserve("m", 10, 10, Duration.ZERO);
		slow.complete(LlmUsage.of(10, 10));
		assertThat(available(limiter, Meter.CONCURRENT_REQUESTS)).isZero();
	}

	@Test
	void requestThatCanNeverFitFailsBeforeTakingAPacedStartSlot() {
		AtomicInteger slots = new AtomicInteger();
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.pacers((limits) -> (timeout) -> {
				slots.incrementAndGet();
				return 0;
			})
			.model(limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build())
			.build();
		assertThatExceptionOfType(LlmRequestTooLargeException.class)
			.isThrownBy(() -> limiter.reserve("m", 600, 500, LONG_WAIT));
		assertThat(slots).hasValue(0);
		limiter.reserve("m", 100, 100, Duration.ZERO);
		assertThat(slots).hasValue(1);
	}

	@Test
	void providerRateLimitClosesTheModelToEveryoneUntilRetryAfter() {
		BudgetLimiter limiter = limiter(limits().limit(Meter.TOKENS_PER_MINUTE, 1000));
		limiter.observe("m", rateLimited("5"));
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> limiter.reserve("m", 1, 1, Duration.ZERO))
			.satisfies((ex) -> {
				assertThat(ex.meter()).isNull();
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5));
			});
		assertThat(limiter.headroom("m").orElseThrow().cooldownUntil())
			.isEqualTo(this.time.now().plusSeconds(5));
		this.time.advance(Duration.ofSeconds(5));
		assertThat(limiter.tryReserve("m", 1, 1)).isPresent();
		assertThat(limiter.headroom("m").orElseThrow().cooldownUntil()).isNull();
	}

	@Test
	void failureCarryingAProviderRateLimitRefundsEverythingAndStartsACooldown() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.failureResponses((failure) -> Optional.of(rateLimited("2")))
			.model(limits().limit(Meter.TOKENS_PER_MINUTE, 1000).build())
			.build();
		limiter.reserve("m", 100, 400, Duration.ZERO).fail(new IllegalStateException("429"));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
		assertThat(limiter.tryReserve("m", 1, 1)).isEmpty();
	}

	@Test
	void providerRateLimitNamingAMeterKeepsThatMeterEmpty() {
		ProviderDialect requestsExhausted = new ProviderDialect() {

			@Override
			public String id() {
				return "requests-exhausted";
			}

			@Override
			public boolean recognizes(ProviderResponse response) {
				return true;
			}

			@Override
			public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
				return new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), Duration.ofSeconds(1),
						Meter.REQUESTS_PER_MINUTE);
			}

			@Override
			public AccountingRule accountingRule(ModelLimits limits) {
				return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
			}

		};
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.dialects(new DialectRegistry(List.of(requestsExhausted)))
			.failureResponses((failure) -> Optional.of(rateLimited("1")))
			.model(limits().provider("requests-exhausted")
				.limit(Meter.REQUESTS_PER_MINUTE, 60)
				.limit(Meter.TOKENS_PER_MINUTE, 1000)
				.build())
			.build();
		limiter.reserve("m", 100, 400, Duration.ZERO).fail(new IllegalStateException("429"));
		assertThat(available(limiter, Meter.REQUESTS_PER_MINUTE)).isZero();
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
	}

	@Test
	void observeLearnsLimitsFromProviderHeaders() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.dialects(new DialectRegistry(List.of(new TestDialect(ModelLimits.Refill.CONTINUOUS))))
			.model(ModelLimits.unconfigured("m"))
			.build();
		limiter.observe("m", ProviderResponse
			.ok(Map.of("x-test-limit-tokens", List.of("5000"), "x-test-remaining-tokens", List.of("4000"))));
		MeterHeadroom meter = limiter.headroom("m").orElseThrow().meters().get(Meter.TOKENS_PER_MINUTE);
		assertThat(meter).isEqualTo(new MeterHeadroom(5000, 4000, LimitSource.HEADERS));
		assertThat(limiter.provider("m")).contains("test");
		assertThat(limiter.limits("m").orElseThrow().limit(Meter.TOKENS_PER_MINUTE)).hasValue(5000);
	}

	@Test
	void refusalByAMeterLeavesItEmptyAfterTheRefusedCallIsRefunded() {
		BudgetLimiter limiter = testDialectLimiter(
				BudgetLimiter.builder().failureResponses((failure) -> Optional.of(remainingTokens(429, 0))));
		limiter.reserve("m", 100, 400, Duration.ZERO).fail(new IllegalStateException("429"));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isZero();
	}

	@Test
	void unconfiguredModelGetsABudgetOnFirstUse() {
		BudgetLimiter limiter = BudgetLimiter.builder().timeSource(this.time).build();
		assertThat(limiter.models()).isEmpty();
		limiter.reserve("new-model", 10, 10, Duration.ZERO);
		assertThat(limiter.models()).containsExactly("new-model");
		assertThat(limiter.headroom("new-model").orElseThrow().inFlight()).isOne();
	}

	@Test
	void unconfiguredModelIsRefusedWhenNotAllowed() {
		BudgetLimiter limiter = BudgetLimiter.builder().timeSource(this.time).allowUnconfiguredModels(false).build();
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserve("new-model", 10, 10, Duration.ZERO))
			.withMessageContaining("new-model");
	}

	@Test
	void aliasesShareOneBudget() {
		BudgetLimiter limiter = limiter(limits().alias("m-latest").limit(Meter.REQUESTS_PER_MINUTE, 2));
		Reservation reservation = limiter.reserve("m-latest", 10, 10, Duration.ZERO);
		limiter.reserve("m", 10, 10, Duration.ZERO);
		assertThat(reservation.model()).isEqualTo("m");
		assertThat(limiter.tryReserve("m-latest", 10, 10)).isEmpty();
		assertThat(limiter.headroom("m-latest")).isEqualTo(limiter.headroom("m"));
		assertThat(limiter.models()).containsExactly("m");
	}

	@Test
	void headroomReportsEveryMeterTheBindingOneAndTheCallsInFlightAndWaiting() throws Exception {
		BudgetLimiter limiter = limiter(
				limits().limit(Meter.REQUESTS_PER_MINUTE, 10).limit(Meter.TOKENS_PER_MINUTE, 1000));
		limiter.reserve("m", 100, 400, Duration.ZERO);
		limiter.reserve("m", 100, 400, Duration.ZERO);
		CompletableFuture.supplyAsync(() -> limiter.reserve("m", 100, 400, LONG_WAIT), this.executor);
		awaitWaiting(limiter, 1);
		Headroom headroom = limiter.headroom("m").orElseThrow();
		assertThat(headroom.model()).isEqualTo("m");
		assertThat(headroom.meters()).containsOnly(
				Map.entry(Meter.REQUESTS_PER_MINUTE, new MeterHeadroom(10, 8, LimitSource.CONFIG)),
				Map.entry(Meter.TOKENS_PER_MINUTE, new MeterHeadroom(1000, 0, LimitSource.CONFIG)));
		assertThat(headroom.bindingMeter()).isEqualTo(Meter.TOKENS_PER_MINUTE);
		assertThat(headroom.inFlight()).isEqualTo(2);
		assertThat(headroom.waiting()).isOne();
		assertThat(headroom.cooldownUntil()).isNull();
		assertThat(limiter.headroom()).containsOnlyKeys("m");
	}

	@Test
	void unsetRefillFollowsTheConfiguredProvidersDefault() {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.dialects(new DialectRegistry(List.of(new TestDialect(ModelLimits.Refill.SLIDING_WINDOW))))
			.model(limits().provider("test").limit(Meter.TOKENS_PER_MINUTE, 1000).build())
			.build();
		limiter.reserve("m", 100, 900, Duration.ZERO).complete(LlmUsage.of(100, 100));
		this.time.advance(Duration.ofSeconds(59));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isZero();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(1000);
		assertThat(limiter.limits("m").orElseThrow().refill()).isEqualTo(ModelLimits.Refill.SLIDING_WINDOW);
	}

	private BudgetLimiter limiter(ModelLimits.Builder limits) {
		return BudgetLimiter.builder().timeSource(this.time).admissionMargin(Duration.ZERO).model(limits.build()).build();
	}

	private BudgetLimiter testDialectLimiter(BudgetLimiter.Builder builder) {
		return builder.timeSource(this.time)
			.admissionMargin(Duration.ZERO)
			.dialects(new DialectRegistry(List.of(new TestDialect(ModelLimits.Refill.CONTINUOUS))))
			.model(limits().provider("test").limit(Meter.TOKENS_PER_MINUTE, 1000).build())
			.build();
	}

	private static ProviderResponse remainingTokens(int status, long remaining) {
		return new ProviderResponse(status,
				Map.of("x-test-limit-tokens", List.of("1000"), "x-test-remaining-tokens", List.of(Long.toString(remaining))),
				null);
	}

	private static ModelLimits.Builder limits() {
		return ModelLimits.builder("m");
	}

	private static double available(BudgetLimiter limiter, Meter meter) {
		return limiter.headroom("m").orElseThrow().meters().get(meter).available();
	}

	private static ProviderResponse rateLimited(String retryAfterSeconds) {
		return new ProviderResponse(429, Map.of("retry-after", List.of(retryAfterSeconds)), null);
	}

	private static void awaitWaiting(BudgetLimiter limiter, int waiting) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (limiter.headroom("m").orElseThrow().waiting() < waiting) {
			assertThat(System.nanoTime()).as("callers waiting").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}
