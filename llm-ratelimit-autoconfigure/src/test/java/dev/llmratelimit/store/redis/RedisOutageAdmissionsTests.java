package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.BudgetLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three busy instances share one budget through Redis, which is killed for 20 s and
 * restarted, with its data or empty (without persistence) ({@code on-failure=local},
 * {@code expected-instances=3}). Every admission is
 * replayed through the provider's own bucket: over the minute before, the outage and the
 * minute after, the provider never sees more than its limit allows, and the instances are
 * not left too cautious after it. Time runs 10 times faster, in the limiters, the
 * fallbacks and the scripts alike. Under load the instances see the outage, and come back
 * from it, seconds of that time apart: the test waits for them (every wait bounded).
 */
@Timeout(120)
class RedisOutageAdmissionsTests {

	private static final int INSTANCES = 3;

	private static final int THREADS_PER_INSTANCE = 4;

	private static final long REQUESTS_PER_MINUTE = 600;

	private static final long MINUTE = Duration.ofMinutes(1).toNanos();

	private final ScaledTimeSource time = new ScaledTimeSource(10);

	private final ModelLimits limits = ModelLimits.builder("outage-" + System.nanoTime())
		.limit(Meter.REQUESTS_PER_MINUTE, REQUESTS_PER_MINUTE)
		.build();

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	private final List<Long> admissions = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private RedisTestServer redis;

	@AfterEach
	void stopEverything() {
		this.stores.forEach(RedisBudgetStore::close);
		this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
		if (this.redis != null) {
			this.redis.stop();
		}
	}

	@ParameterizedTest(name = "Redis keeps its data: {0}")
	@ValueSource(booleans = { true, false })
	void providerShouldNeverSeeMoreThanItsLimitAcrossAnOutage(boolean redisKeepsItsData) throws InterruptedException {
		this.redis = RedisTestServer.start(redisKeepsItsData);
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
		for (int i = 0; i < INSTANCES; i++) {
			BudgetLimiter limiter = instance();
			for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
				threads.execute(() -> callUntilStopped(limiter, running));
			}
		}
		awaitTime(this.time.nanoTime() + MINUTE);
		this.redis.kill();
		long killedAt = this.time.nanoTime();
		awaitTime(killedAt + Duration.ofSeconds(20).toNanos());
		// 20 s at 10x is two real seconds: a loaded machine may need longer to see the outage
		await().atMost(Duration.ofSeconds(20)).until(() -> this.stores.stream().noneMatch(RedisBudgetStore::isAvailable));
		this.redis.restart();
		long restartedAt = this.time.nanoTime();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.stores.stream().allMatch(RedisBudgetStore::isAvailable));
		awaitTime(restartedAt + MINUTE);
		running.set(false);
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(this.failures).isEmpty();
		assertThat(this.admissions.stream().filter((at) -> at > killedAt && at < restartedAt))
			.as("calls admitted by the fallbacks")
			.isNotEmpty();
		assertThat(lowestProviderLevel()).as("lowest level of the provider's bucket").isGreaterThan(-1e-6);
		assertThat(this.admissions.stream().filter((at) -> at > restartedAt && at < restartedAt + MINUTE))
			.as("calls admitted in the minute after the restart: the instances are not left too cautious")
			.hasSizeGreaterThan((int) REQUESTS_PER_MINUTE / 2);
	}

	/** Replays the admissions through a bucket like the provider's, full at the start. */
	private double lowestProviderLevel() {
		List<Long> sorted = this.admissions.stream().sorted().toList();
		double level = REQUESTS_PER_MINUTE;
		double lowest = level;
		long last = sorted.get(0);
		for (long at : sorted) {
			level = Math.min(REQUESTS_PER_MINUTE, level + (double) (at - last) * REQUESTS_PER_MINUTE / MINUTE);
			last = at;
			level -= 1;
			lowest = Math.min(lowest, level);
		}
		return lowest;
	}

	private BudgetLimiter instance() {
		LettuceConnectionFactory connectionFactory = this.redis.connectionFactory();
		this.connectionFactories.add(connectionFactory);
		RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory)
			.expectedInstances(INSTANCES)
			.retryInterval(Duration.ofMillis(50))
			.admissionMargin(Duration.ofMillis(500))
			.observationLag(Duration.ofMillis(200))
			.timeSource(this.time)
			.scriptTime(this.time)
			.build();
		this.stores.add(store);
		return BudgetLimiter.builder().timeSource(this.time).budgetFactory(store).model(this.limits).build();
	}

	private void callUntilStopped(BudgetLimiter limiter, AtomicBoolean running) {
		while (running.get()) {
			try {
				Reservation reservation = limiter.reserve(this.limits.model(), 1, 1, Duration.ofSeconds(5));
				this.admissions.add(this.time.nanoTime());
				reservation.complete(LlmUsage.of(1, 1));
			}
			catch (LlmRateLimitExceededException ex) {
				// the budget is spent: try again when the refusal says, not in a tight loop
				// that would take the cores from the instances' own threads
				try {
					this.time.sleep(ex.retryAfter().plusMillis(10));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				return;
			}
		}
	}

	private void awaitTime(long nanos) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
			.until(() -> this.time.nanoTime() >= nanos || !this.failures.isEmpty());
	}

}
