package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.autoconfigure.LlmRateLimitRedisAutoConfiguration;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.store.BudgetStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application contexts, each with its own Redis connections and limiter, hammer one
 * shared budget from many threads with calls of random sizes: together they never admit
 * more than the limits allow, on the request, token and concurrency meters alike.
 */
@Timeout(60)
class RedisSharedBudgetAtomicityTests {

	private static final int REQUESTS_PER_DAY = 1000;

	private static final int TOKENS_PER_DAY = 30_000;

	private static final int OUTPUT_TOKENS = 10;

	private static final int CONCURRENT_REQUESTS = 4;

	private static final int THREADS_PER_CONTEXT = 6;

	private final ModelLimits limits = ModelLimits.builder("atomic-" + System.nanoTime())
		.limit(Meter.REQUESTS_PER_DAY, REQUESTS_PER_DAY)
		.limit(Meter.TOKENS_PER_DAY, TOKENS_PER_DAY)
		.limit(Meter.CONCURRENT_REQUESTS, CONCURRENT_REQUESTS)
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, LlmRateLimitRedisAutoConfiguration.class))
		.withPropertyValues("llm.ratelimit.store=redis", "spring.data.redis.port=" + RedisTestServer.shared().port());

	private final AtomicInteger admitted = new AtomicInteger();

	private final AtomicLong admittedTokens = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	@Test
	void threeContextsSharingRedisShouldNeverAdmitMoreThanTheLimits() {
		long start = System.nanoTime();
		this.runner.run((first) -> this.runner.run((second) -> this.runner.run((third) -> {
			List<BudgetLimiter> limiters = new ArrayList<>();
			for (AssertableApplicationContext context : List.of(first, second, third)) {
				BudgetStore store = context.getBean(BudgetStore.class);
				limiters.add(BudgetLimiter.builder().budgetFactory(store).model(this.limits).build());
			}
			hammer(limiters);
		})));
		// what the day meter refilled while the test ran, rounded up
		long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * TOKENS_PER_DAY / 86_400);
		assertThat(this.failures).isEmpty();
		assertThat(this.admittedTokens.get()).isBetween(TOKENS_PER_DAY - 200L * THREADS_PER_CONTEXT * 3,
				TOKENS_PER_DAY + refilled);
		assertThat(this.admitted.get()).isLessThan(REQUESTS_PER_DAY);
		assertThat(this.mostInFlight.get()).isBetween(2, CONCURRENT_REQUESTS);
	}

	private void hammer(List<BudgetLimiter> limiters) throws InterruptedException {
		ExecutorService threads = Executors.newFixedThreadPool(limiters.size() * THREADS_PER_CONTEXT);
		for (BudgetLimiter limiter : limiters) {
			for (int i = 0; i < THREADS_PER_CONTEXT; i++) {
				threads.execute(() -> callUntilTheDayIsSpent(limiter));
			}
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
	}

	private void callUntilTheDayIsSpent(BudgetLimiter limiter) {
		while (true) {
			Reservation reservation;
			int input;
			try {
				input = ThreadLocalRandom.current().nextInt(40, 191);
				reservation = limiter.reserve(this.limits.model(), input, OUTPUT_TOKENS, Duration.ofSeconds(2));
			}
			catch (LlmRateLimitExceededException ex) {
				if (ex.meter() == Meter.REQUESTS_PER_DAY || ex.meter() == Meter.TOKENS_PER_DAY) {
					return;
				}
				continue;
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				return;
			}
			this.admitted.incrementAndGet();
			this.admittedTokens.addAndGet(input + OUTPUT_TOKENS);
			this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			Thread.yield();
			this.inFlight.decrementAndGet();
			reservation.complete(LlmUsage.of(input, OUTPUT_TOKENS));
		}
	}

}
