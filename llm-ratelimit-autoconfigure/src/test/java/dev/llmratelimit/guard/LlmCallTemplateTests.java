package dev.llmratelimit.guard;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.internal.FluxReturnTypeHandler;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.internal.RequestInspectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LlmCallTemplate} over a real limiter on a manual clock, which stands
 * still: every figure is exact.
 */
@Timeout(60)
class LlmCallTemplateTests {

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(new ManualTimeSource())
		.admissionMargin(Duration.ZERO)
		.calibrateInputEstimates(false)
		.model(ModelLimits.builder("claude")
			.limit(Meter.REQUESTS_PER_MINUTE, 2)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, 1000)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 1000)
			.alias("claude-latest")
			.build())
		.build();

	private final LlmCallTemplate template = LlmCallTemplate.builder(this.limiter).build();

	@Test
	void callRunsTheBodyInsideItsReservationAndSettlesWithTheUsageItReturns() {
		AtomicReference<Double> outputDuringCall = new AtomicReference<>();
		Reply reply = this.template.call(claude(100, 500), (model) -> {
			outputDuringCall.set(available(Meter.OUTPUT_TOKENS_PER_MINUTE));
			assertThat(ReservationContext.current()).isPresent();
			return new Reply("hi", LlmUsage.of(100, 40));
		});
		assertThat(reply.text()).isEqualTo("hi");
		assertThat(outputDuringCall.get()).isEqualTo(500);
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(960);
		assertThat(available(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(900);
		assertThat(ReservationContext.current()).isEmpty();
	}

	@Test
	void callOnItsOwnBudgetGivesTheBodyTheModelItAskedFor() {
		AtomicReference<String> model = new AtomicReference<>();
		String reserved = this.template.call(ReservationRequest.builder("claude-latest").maxTokens(1).build(),
				(asked) -> {
					model.set(asked);
					return ReservationContext.current().map(Reservation::model).orElseThrow();
				});
		assertThat(model.get()).isEqualTo("claude-latest");
		assertThat(reserved).isEqualTo("claude");
	}

	@Test
	void callThatThrowsPassesTheFailureOnAndKeepsOnlyTheRequestAndInput() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.template.call(claude(100, 500), (model) -> {
				throw new IllegalStateException("provider down");
			}))
			.withMessage("provider down");
		assertThat(available(Meter.INPUT_TOKENS_PER_MINUTE)).isEqualTo(900);
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(1000);
		assertThat(available(Meter.REQUESTS_PER_MINUTE)).isEqualTo(1);
	}

	@Test
	void callThatGetsNoBudgetInTimeNeverRunsItsBody() {
		this.limiter.reserve("claude", 0, 1, Duration.ZERO).completeAsReserved();
		this.limiter.reserve("claude", 0, 1, Duration.ZERO).completeAsReserved();
		AtomicInteger runs = new AtomicInteger();
		ReservationRequest failFast = ReservationRequest.builder("claude").maxTokens(1).maxWait(Duration.ZERO).build();
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.template.call(failFast, (model) -> runs.incrementAndGet()))
			.satisfies((ex) -> assertThat(ex.meter()).isEqualTo(Meter.REQUESTS_PER_MINUTE));
		assertThat(runs).hasValue(0);
	}

	@Test
	void callAsyncSettlesWhenTheStageCompletes() {
		CompletableFuture<Reply> future = new CompletableFuture<>();
		CompletionStage<Reply> stage = this.template.callAsync(claude(100, 500),
				(model) -> future);
		assertThat(stage).isSameAs(future);
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(500);
		future.complete(new Reply("hi", LlmUsage.of(100, 40)));
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(960);
	}

	@Test
	void decoratedSupplierReservesForEachCall() {
		Supplier<Reply> supplier = this.template.decorateSupplier(claude(0, 100),
				() -> new Reply("hi", LlmUsage.of(0, 10)));
		supplier.get();
		supplier.get();
		assertThat(available(Meter.REQUESTS_PER_MINUTE)).isZero();
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(980);
	}

	@Test
	void guardedCallReadsResultsWithItsOwnReader() {
		String result = this.template.guard(claude(0, 500))
			.readingResultsWith((value) -> Optional.of(LlmUsage.of(0, ((String) value).length())))
			.call((model) -> "twelve chars");
		assertThat(result).isEqualTo("twelve chars");
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(988);
	}

	@Test
	void streamsReserveWhenSubscribedToAndSettleWithTheUsageOfTheirElements() {
		LlmCallTemplate template = LlmCallTemplate.builder(this.limiter)
			.returnTypeHandlers(List.of(new FluxReturnTypeHandler()))
			.build();
		Flux<?> stream = template.guard(claude(100, 500))
			.run(Flux.class, (model) -> Flux.just("a", new Reply("b", LlmUsage.of(100, 30))));
		assertThat(available(Meter.REQUESTS_PER_MINUTE)).isEqualTo(2);
		assertThat(stream.collectList().block(Duration.ofSeconds(10))).hasSize(2);
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(970);
	}

	@Test
	void streamsRunWithTheirReservationInTheReactorContext() {
		LlmCallTemplate template = LlmCallTemplate.builder(this.limiter)
			.returnTypeHandlers(List.of(new FluxReturnTypeHandler()))
			.build();
		Flux<?> stream = template.guard(claude(0, 500))
			.run(Flux.class, (model) -> Flux.deferContextual((context) -> Flux
				.just(context.<Reservation>get(ReservationContext.CONTEXT_KEY).model(), LlmUsage.of(0, 30))));
		List<Object> elements = List.copyOf(stream.collectList().block(Duration.ofSeconds(10)));
		assertThat(elements).containsExactly("claude", LlmUsage.of(0, 30));
		assertThat(available(Meter.OUTPUT_TOKENS_PER_MINUTE)).isEqualTo(970);
	}

	@Test
	void describeReadsTheModelMaxTokensAndInputOfARequest() {
		LlmCallTemplate template = LlmCallTemplate.builder(this.limiter)
			.requestInspectors(() -> new RequestInspectors(List.of((argument) -> Optional.of(
					new LlmRequestInfo(((Prompt) argument).model(), 256L, null, ((Prompt) argument).tokens())))))
			.build();
		assertThat(template.describe(new Prompt(" claude ", 42L))).hasValueSatisfying(
				(request) -> assertThat(request).extracting("model", "inputTokens", "maxTokens")
					.containsExactly("claude", 42L, 256L));
	}

	@Test
	void describeEstimatesTheInputOfATextAndTakesMissingPartsFromTheNextArgument() {
		Optional<ReservationRequest> described = this.template.describe(
				new LlmRequestInfo(null, null, "12345678", null), new LlmRequestInfo("claude", 64L, null, null));
		assertThat(described).hasValueSatisfying((request) -> assertThat(request)
			.extracting("model", "inputTokens", "maxTokens")
			.containsExactly("claude", 2L, 64L));
	}

	@Test
	void describeGivesNothingForARequestWithoutAModel() {
		assertThat(this.template.describe(new LlmRequestInfo(null, 64L, "text", null))).isEmpty();
	}

	private static ReservationRequest claude(long inputTokens, long maxTokens) {
		return ReservationRequest.builder("claude").inputTokens(inputTokens).maxTokens(maxTokens).build();
	}

	private double available(Meter meter) {
		return this.limiter.headroom("claude").orElseThrow().meters().get(meter).available();
	}

	/**
	 * A reply that reports its usage.
	 *
	 * @param text the answer
	 * @param usage what the call used
	 */
	record Reply(String text, LlmUsage usage) {
	}

	/**
	 * A request type of the application.
	 *
	 * @param model the model it names
	 * @param tokens its input tokens
	 */
	record Prompt(String model, Long tokens) {
	}

}
