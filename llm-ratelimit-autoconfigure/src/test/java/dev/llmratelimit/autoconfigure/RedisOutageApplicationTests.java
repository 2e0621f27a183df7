package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.store.redis.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis is killed and restarted under two busy application contexts configured by the
 * starter with {@code llm.ratelimit.store=redis} and {@code on-failure=local}: what a user
 * sees through the limiter bean, the health indicator and the {@code llmlimits} endpoint.
 */
@Timeout(60)
class RedisOutageApplicationTests {

	private static final String MODEL = "outage-app-model";

	private static final int CONCURRENT_REQUESTS = 6;

	private static final int THREADS_PER_CONTEXT = 3;

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private RedisTestServer redis;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startRedis() {
		this.redis = RedisTestServer.start(true);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					LlmRateLimitRedisAutoConfiguration.class, LlmRateLimitProviderAutoConfiguration.class,
					LlmRateLimitAutoConfiguration.class, LlmLimitsEndpointAutoConfiguration.class,
					LlmRateLimitObservabilityAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=1s",
					"llm.ratelimit.store=redis", "llm.ratelimit.redis.on-failure=local",
					"llm.ratelimit.redis.expected-instances=2", "llm.ratelimit.redis.retry-interval=200ms",
					"llm.ratelimit.models." + MODEL + ".provider=generic",
					// far above what the busy threads can send: on recovery the fallback's spending is
					// charged to Redis (RedisOutageAdmissionsTests checks that accounting), and a
					// smaller limit would make callers wait past their max-wait for that debt
					"llm.ratelimit.models." + MODEL + ".requests-per-minute=60000000",
					"llm.ratelimit.models." + MODEL + ".max-concurrent-requests=" + CONCURRENT_REQUESTS,
					"management.endpoints.web.exposure.include=llmlimits");
	}

	@AfterEach
	void stopRedis() {
		this.running.set(false);
		this.redis.stop();
	}

	@Test
	void callersSeeNoExceptionAndNoReservationIsLeftHoldingBudgetAfterRecovery() {
		this.runner.run((first) -> this.runner.run((second) -> {
			List<LlmRateLimiter> limiters = List.of(first.getBean(LlmRateLimiter.class),
					second.getBean(LlmRateLimiter.class));
			ExecutorService threads = callUntilStopped(limiters);
			awaitCalls(200);
			this.redis.kill();
			awaitStatus(List.of(first, second), Status.DOWN);
			awaitCalls(this.calls.get() + 200);
			this.redis.restart();
			awaitStatus(List.of(first, second), Status.UP);
			awaitCalls(this.calls.get() + 200);
			stop(threads);

			assertThat(this.failures).isEmpty();
			// well within the lease time (5 minutes): nothing is left for lease expiry to return
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Headroom shared = limiters.get(0).headroom(MODEL).orElseThrow();
				assertThat(shared.inFlight()).isZero();
				assertThat(shared.meters().get(Meter.CONCURRENT_REQUESTS).available())
					.isEqualTo(CONCURRENT_REQUESTS);
			});
		}));
	}

	@Test
	void healthGoesDownWhileRedisIsDownAndUpWhenItIsBack() {
		this.runner.run((context) -> {
			List<Status> statuses = new CopyOnWriteArrayList<>();
			ExecutorService threads = callUntilStopped(List.of(context.getBean(LlmRateLimiter.class)));
			LlmRateLimitHealthIndicator health = context.getBean(LlmRateLimitHealthIndicator.class);
			awaitCalls(50);
			statuses.add(health.health().getStatus());
			this.redis.kill();
			await().atMost(Duration.ofSeconds(20)).until(() -> record(statuses, health) == Status.DOWN);
			this.redis.restart();
			await().atMost(Duration.ofSeconds(30)).until(() -> record(statuses, health) == Status.UP);
			stop(threads);

			assertThat(statuses.stream().distinct()).containsExactly(Status.UP, Status.DOWN);
			assertThat(statuses.get(statuses.size() - 1)).isEqualTo(Status.UP);
			assertThat(this.failures).isEmpty();
		});
	}

	@Test
	void endpointShowsTheStoreUnavailableWhileRedisIsDown() {
		this.runner.run((context) -> {
			ExecutorService threads = callUntilStopped(List.of(context.getBean(LlmRateLimiter.class)));
			LlmLimitsEndpoint endpoint = context.getBean(LlmLimitsEndpoint.class);
			awaitCalls(50);
			this.redis.kill();
			await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.models().store().available());
			this.redis.restart();
			await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.models().store().available());
			stop(threads);

			assertThat(endpoint.models().store().name()).isEqualTo("redis");
			assertThat(this.failures).isEmpty();
		});
	}

	private static Status record(List<Status> statuses, LlmRateLimitHealthIndicator health) {
		Status status = health.health().getStatus();
		statuses.add(status);
		return status;
	}

	private ExecutorService callUntilStopped(List<LlmRateLimiter> limiters) {
		ExecutorService threads = Executors.newFixedThreadPool(limiters.size() * THREADS_PER_CONTEXT);
		for (LlmRateLimiter limiter : limiters) {
			for (int i = 0; i < THREADS_PER_CONTEXT; i++) {
				threads.execute(() -> call(limiter));
			}
		}
		return threads;
	}

	private void call(LlmRateLimiter limiter) {
		while (this.running.get()) {
			try {
				limiter.reserve(MODEL, 10, 10, Duration.ofSeconds(10)).complete(LlmUsage.of(10, 5));
				this.calls.incrementAndGet();
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				return;
			}
		}
	}

	private void stop(ExecutorService threads) throws InterruptedException {
		this.running.set(false);
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	private void awaitCalls(int count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.calls.get() >= count || !this.failures.isEmpty());
	}

	private static void awaitStatus(List<AssertableApplicationContext> contexts, Status status) {
		List<LlmRateLimitHealthIndicator> indicators = new ArrayList<>();
		contexts.forEach((context) -> indicators.add(context.getBean(LlmRateLimitHealthIndicator.class)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> indicators.stream().allMatch((indicator) -> indicator.health().getStatus() == status));
	}

}
