package dev.llmratelimit.aop.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.core.FailureResponses;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.ReservationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for the retries of {@code @LlmRateLimited} calls refused by the provider's rate
 * limit ({@code llm.ratelimit.retry.max-attempts}).
 */
@Timeout(60)
class LlmRateLimitedRetryTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class, AopAutoConfiguration.class))
		.withBean(TimeSource.class, () -> this.time)
		.withBean(FailureResponses.class, () -> (failure) -> (failure instanceof Refusal refusal)
				? Optional.of(refusal.response) : Optional.empty())
		.withBean(ProviderService.class, () -> new ProviderService(this.time))
		.withPropertyValues("llm.ratelimit.models.claude.requests-per-minute=600",
				"llm.ratelimit.models.claude.default-max-tokens=100", "llm.ratelimit.max-wait=1m");

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	@Test
	void refusedCallIsNotRetriedByDefault() {
		this.contextRunner.run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(tooManyRequests("0"), null);
			assertThat(catchThrowable(service::ask)).isInstanceOf(Refusal.class);
			assertThat(service.attempts()).hasSize(1);
		});
	}

	@Test
	void refusedCallIsRetriedOnceTheRetryAfterHasPassed() {
		retrying(2).run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(tooManyRequests("2"), null);
			Future<String> call = this.executor.submit(service::ask);
			awaitWaiting(context, 1);
			assertThat(service.attempts()).hasSize(1);
			this.time.advance(Duration.ofSeconds(2));
			context.getBean(BudgetLimiter.class).wakeWaiters();
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("answer");
			assertThat(service.attempts()).hasSize(2);
			assertThat(Duration.between(service.attempts().get(0), service.attempts().get(1)))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void retriesStopAfterMaxAttemptsAndTheLastRefusalIsThrown() {
		retrying(2).run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(tooManyRequests("0"), tooManyRequests("0"), tooManyRequests("0"), null);
			assertThat(catchThrowable(service::ask)).isInstanceOf(Refusal.class);
			assertThat(service.attempts()).hasSize(3);
		});
	}

	@Test
	void eachAttemptHasItsOwnReservationSettledOnce() {
		retrying(3).run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(tooManyRequests("0"), tooManyRequests("0"), null);
			service.ask();
			assertThat(service.reservations()).hasSize(3).doesNotHaveDuplicates().allMatch(Reservation::isSettled);
			assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().inFlight()).isZero();
		});
	}

	@Test
	void otherFailuresAreNotRetried() {
		retrying(3).run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(new Refusal(new ProviderResponse(500, Map.of(), "{}")), null);
			assertThat(catchThrowable(service::ask)).isInstanceOf(Refusal.class);
			assertThat(service.attempts()).hasSize(1);
		});
	}

	@Test
	void retryThatCannotWaitLongEnoughThrowsTheRefusalWithTheLimitersReason() {
		retrying(1).run((context) -> {
			ProviderService service = context.getBean(ProviderService.class);
			service.answers(tooManyRequests("120"), null);
			Throwable thrown = catchThrowable(service::ask);
			assertThat(thrown).isInstanceOf(Refusal.class);
			assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(LlmRateLimitExceededException.class);
			assertThat(service.attempts()).hasSize(1);
		});
	}

	@Test
	void negativeMaxAttemptsFailsStartupNamingTheProperty() {
		retrying(-1).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("llm.ratelimit.retry.max-attempts"));
	}

	private ApplicationContextRunner retrying(int maxAttempts) {
		return this.contextRunner.withPropertyValues("llm.ratelimit.retry.max-attempts=" + maxAttempts);
	}

	private static Refusal tooManyRequests(String retryAfter) {
		return new Refusal(new ProviderResponse(429, Map.of("retry-after", List.of(retryAfter)), null));
	}

	private static void awaitWaiting(AssertableApplicationContext context, int waiting) throws InterruptedException {
		LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
		for (int i = 0; i < 1000 && limiter.headroom("claude").orElseThrow().waiting() < waiting; i++) {
			Thread.sleep(5);
		}
		assertThat(limiter.headroom("claude").orElseThrow().waiting()).isEqualTo(waiting);
	}

	/**
	 * A provider client whose answers are scripted: a {@link Refusal} is thrown, anything
	 * else answers.
	 */
	public static class ProviderService {

		private final TimeSource time;

		private final List<RuntimeException> answers = new CopyOnWriteArrayList<>();

		private final List<Instant> attempts = new CopyOnWriteArrayList<>();

		private final List<Reservation> reservations = new CopyOnWriteArrayList<>();

		public ProviderService(TimeSource time) {
			this.time = time;
		}

		void answers(RuntimeException... answers) {
			for (RuntimeException answer : answers) {
				this.answers.add((answer != null) ? answer : new NoFailure());
			}
		}

		@LlmRateLimited(model = "claude", inputTokens = "100")
		public String ask() {
			this.attempts.add(this.time.now());
			ReservationContext.current().ifPresent(this.reservations::add);
			RuntimeException answer = this.answers.remove(0);
			if (answer instanceof NoFailure) {
				return "answer";
			}
			throw answer;
		}

		List<Instant> attempts() {
			return this.attempts;
		}

		List<Reservation> reservations() {
			return this.reservations;
		}

	}

	/** Scripted success. */
	static final class NoFailure extends RuntimeException {

		NoFailure() {
			super(null, null, false, false);
		}

	}

	/** A provider error carrying its response. */
	static final class Refusal extends RuntimeException {

		private final ProviderResponse response;

		Refusal(ProviderResponse response) {
			super("HTTP " + response.status(), null, true, false);
			this.response = response;
		}

	}

}
