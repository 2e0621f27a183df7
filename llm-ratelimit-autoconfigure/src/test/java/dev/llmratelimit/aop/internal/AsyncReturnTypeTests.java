package dev.llmratelimit.aop.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.aop.internal.RecordingSettlements.Settled;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.core.LimiterListener.Settlement;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @LlmRateLimited} methods returning {@code Mono}, {@code Flux} and
 * {@code CompletableFuture}: each call settles exactly once, on completion, error or
 * cancellation, and nothing stays reserved.
 */
@Timeout(60)
class AsyncReturnTypeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RecordingSettlements recorder = new RecordingSettlements();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class, AopAutoConfiguration.class))
		.withBean(TimeSource.class, ManualTimeSource::new)
		.withBean(RecordingSettlements.class, () -> this.recorder)
		.withBean(AsyncChatService.class)
		.withPropertyValues("llm.ratelimit.models.claude.requests-per-minute=100",
				"llm.ratelimit.models.claude.tokens-per-minute=10000",
				"llm.ratelimit.models.claude.default-max-tokens=100");

	@Test
	void monoReservesOnlyWhenSubscribedTo() {
		run((service) -> {
			Mono<Chunk> reply = service.mono(Mono.just(new Chunk("hi", LlmUsage.of(3, 4))));
			assertThat(this.recorder.admitted()).isEmpty();
			StepVerifier.create(reply).expectNextCount(1).expectComplete().verify(TIMEOUT);
			assertThat(this.recorder.admitted()).hasSize(1);
		});
	}

	@Test
	void monoThatCompletesSettlesOnceWithItsUsage() {
		run((service) -> {
			StepVerifier.create(service.mono(Mono.just(new Chunk("hi", LlmUsage.of(3, 4)))))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(3, 4)));
		});
	}

	@Test
	void monoThatFailsSettlesOnceAsFailed() {
		run((service) -> {
			StepVerifier.create(service.mono(Mono.error(new IllegalStateException("boom"))))
				.expectError(IllegalStateException.class)
				.verify(TIMEOUT);
			assertThat(this.recorder.settled()).extracting(Settled::outcome).containsExactly(Settlement.FAILED);
		});
	}

	@Test
	void monoCancelledBeforeItsResultSettlesOnceAsReserved() {
		run((service) -> {
			StepVerifier.create(service.mono(Mono.never()))
				.expectSubscription()
				.then(() -> awaitAdmissions(1))
				.thenCancel()
				.verify(TIMEOUT);
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, null));
		});
	}

	@Test
	void fluxSettlesOnceWithTheUsageOfItsLastChunk() {
		run((service) -> {
			Flux<Chunk> chunks = Flux.just(new Chunk("Hel", null), new Chunk("lo", null),
					new Chunk("", LlmUsage.of(12, 30)));
			StepVerifier.create(service.flux(chunks)).expectNextCount(3).expectComplete().verify(TIMEOUT);
			assertThat(this.recorder.settled())
				.containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(12, 30)));
		});
	}

	@Test
	void fluxCutShortSettlesOnceWithTheUsageSeen() {
		run((service) -> {
			Flux<Chunk> chunks = Flux.concat(Flux.just(new Chunk("Hel", LlmUsage.of(12, 1))), Flux.never());
			StepVerifier.create(service.flux(chunks)).expectNextCount(1).thenCancel().verify(TIMEOUT);
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(12, 1)));
		});
	}

	@Test
	void fluxCutShortBeforeAnyUsageSettlesOnceAsReserved() {
		run((service) -> {
			StepVerifier.create(service.flux(Flux.just(new Chunk("a", null), new Chunk("b", null))).take(1))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, null));
		});
	}

	@Test
	void fluxThatFailsSettlesOnceAsFailed() {
		run((service) -> {
			Flux<Chunk> chunks = Flux.concat(Flux.just(new Chunk("Hel", null)),
					Flux.error(new IllegalStateException("connection reset")));
			StepVerifier.create(service.flux(chunks)).expectNextCount(1).expectError().verify(TIMEOUT);
			assertThat(this.recorder.settled()).extracting(Settled::outcome).containsExactly(Settlement.FAILED);
		});
	}

	@Test
	void fluxSubscribedTwiceReservesAndSettlesTwice() {
		run((service) -> {
			Flux<Chunk> reply = service.flux(Flux.just(new Chunk("", LlmUsage.of(1, 1))));
			reply.blockLast(TIMEOUT);
			reply.blockLast(TIMEOUT);
			assertThat(this.recorder.admitted()).hasSize(2);
			assertThat(this.recorder.settled()).hasSize(2);
		});
	}

	@Test
	void futureThatCompletesSettlesOnceWithItsUsage() {
		run((service) -> {
			CompletableFuture<Chunk> pending = new CompletableFuture<>();
			CompletableFuture<Chunk> reply = service.future(pending);
			assertThat(this.recorder.admitted()).hasSize(1);
			assertThat(this.recorder.settled()).isEmpty();
			pending.complete(new Chunk("hi", LlmUsage.of(5, 6)));
			assertThat(reply).isCompleted();
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, LlmUsage.of(5, 6)));
		});
	}

	@Test
	void futureThatFailsSettlesOnceAsFailed() {
		run((service) -> {
			CompletableFuture<Chunk> pending = new CompletableFuture<>();
			service.future(pending);
			pending.completeExceptionally(new IllegalStateException("boom"));
			assertThat(this.recorder.settled()).extracting(Settled::outcome).containsExactly(Settlement.FAILED);
		});
	}

	@Test
	void cancelledFutureSettlesOnceAsReserved() {
		run((service) -> {
			CompletableFuture<Chunk> reply = service.future(new CompletableFuture<>());
			reply.cancel(true);
			assertThat(this.recorder.settled()).containsExactly(new Settled(Settlement.COMPLETED, null));
		});
	}

	@Test
	void futureRefusedForBudgetFailsAtTheCallWithNothingToSettle() {
		this.contextRunner.withPropertyValues("llm.ratelimit.models.claude.requests-per-minute=1").run((context) -> {
			AsyncChatService service = context.getBean(AsyncChatService.class);
			service.future(CompletableFuture.completedFuture(new Chunk("hi", null)));
			assertThatExceptionOfType(dev.llmratelimit.LlmRateLimitExceededException.class)
				.isThrownBy(() -> service.future(new CompletableFuture<>()));
			assertThat(this.recorder.settled()).hasSize(1);
		});
	}

	private void awaitAdmissions(int count) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.recorder.admitted().size() < count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

	private void run(Consumer<AsyncChatService> test) {
		this.contextRunner.run((AssertableApplicationContext context) -> {
			test.accept(context.getBean(AsyncChatService.class));
			assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().inFlight()).isZero();
		});
	}

	/**
	 * A piece of an answer; the last one of a stream carries the usage.
	 *
	 * @param text the text
	 * @param usage the usage, or {@code null}
	 */
	record Chunk(String text, LlmUsage usage) {
	}

	@LlmRateLimited(model = "claude", maxWait = "0s")
	static class AsyncChatService {

		public Mono<Chunk> mono(Mono<Chunk> reply) {
			return reply;
		}

		public Flux<Chunk> flux(Flux<Chunk> chunks) {
			return chunks;
		}

		public CompletableFuture<Chunk> future(CompletableFuture<Chunk> reply) {
			return reply;
		}

	}

}
