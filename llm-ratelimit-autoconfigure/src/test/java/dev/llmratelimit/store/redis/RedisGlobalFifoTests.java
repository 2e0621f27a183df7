package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitRedisAutoConfiguration;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Ticket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application contexts queue 20 calls each on one empty shared budget, for longer
 * than a waiter's ticket lives without a look at it ({@code waiter-timeout}, 10 s by
 * default): every call is admitted, none times out, no ticket is forgotten while its
 * waiter waits, and Redis grants them in the order they queued across the instances. Time runs 10 times faster, in the limiters and in the
 * scripts alike.
 */
class RedisGlobalFifoTests {

	private static final String MODEL = "fifo-" + System.nanoTime();

	private static final int CONTEXTS = 3;

	private static final int WAITERS_PER_CONTEXT = 20;

	private static final HeldScaledTime TIME = new HeldScaledTime(10);

	/** Tickets in the order they were queued: each caller starts once the previous one asked. */
	private static final List<String> queued = new CopyOnWriteArrayList<>();

	/** Answers to every caller's first request for budget. */
	private static final List<Admission.Status> asked = new CopyOnWriteArrayList<>();

	/** Tickets Redis had forgotten when their waiter looked at them: places lost. */
	private static final List<String> lost = new CopyOnWriteArrayList<>();

	/** Redis's grant sequence of each ticket's lease. */
	private static final Map<String, Long> grants = new ConcurrentHashMap<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				LlmRateLimitAutoConfiguration.class, LlmRateLimitRedisAutoConfiguration.class))
		.withUserConfiguration(ScaledTimeConfiguration.class)
		.withPropertyValues("llm.ratelimit.store=redis", "llm.ratelimit.max-wait=60s",
				"llm.ratelimit.models." + MODEL + ".requests-per-minute=75",
				"spring.data.redis.port=" + RedisTestServer.shared().port());

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger admitted = new AtomicInteger();

	@Test
	@Timeout(60)
	void waitersOfThreeInstancesShouldAllBeAdmittedInTheOrderTheyQueued() {
		this.runner.run((first) -> this.runner.run((second) -> this.runner.run((third) -> {
			List<LlmRateLimiter> limiters = new ArrayList<>();
			for (AssertableApplicationContext context : List.of(first, second, third)) {
				assertThat(context).hasNotFailed();
				limiters.add(context.getBean(LlmRateLimiter.class));
			}
			queueAndWait(limiters);
		})));
		assertThat(this.failures).isEmpty();
		assertThat(lost).as("tickets Redis forgot while their waiter waited").isEmpty();
		assertThat(asked).hasSize(CONTEXTS * WAITERS_PER_CONTEXT);
		assertThat(this.admitted).hasValue(CONTEXTS * WAITERS_PER_CONTEXT);
		assertThat(queued).as("time stood still while they asked: nothing refilled, every caller queued")
			.hasSize(CONTEXTS * WAITERS_PER_CONTEXT);
		List<Long> grantOrder = queued.stream().map(grants::get).toList();
		assertThat(grantOrder).doesNotContainNull().isSorted().doesNotHaveDuplicates();
	}

	private static void emptyTheBudget(LlmRateLimiter limiter) {
		Optional<Reservation> reservation;
		while ((reservation = limiter.tryReserve(MODEL, 1, 1)).isPresent()) {
			reservation.get().complete(LlmUsage.of(1, 1));
		}
	}

	/**
	 * Starts every caller's thread, then lets them ask one at a time, round robin over the
	 * instances, each once the previous one has its answer.
	 */
	private void queueAndWait(List<LlmRateLimiter> limiters) throws InterruptedException {
		int callers = CONTEXTS * WAITERS_PER_CONTEXT;
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		List<CountDownLatch> turns = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			LlmRateLimiter limiter = limiters.get(i % CONTEXTS);
			CountDownLatch turn = new CountDownLatch(1);
			turns.add(turn);
			threads.execute(() -> {
				try {
					turn.await();
					limiter.reserve(MODEL, 1, 1).complete(LlmUsage.of(1, 1));
					this.admitted.incrementAndGet();
				}
				catch (InterruptedException | RuntimeException ex) {
					this.failures.add(ex);
				}
			});
		}
		emptyTheBudget(limiters.get(0));
		asked.clear();
		for (CountDownLatch turn : turns) {
			int before = asked.size();
			turn.countDown();
			while (asked.size() == before && this.failures.isEmpty()) {
				Thread.onSpinWait();
			}
		}
		TIME.release();
		threads.shutdown();
		assertThat(threads.awaitTermination(50, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Time that stands still until {@link #release() released}, then runs a fixed number of
	 * times faster than real time: while the callers ask one by one, however slowly a
	 * loaded machine lets them, nothing refills and each of them queues.
	 */
	static final class HeldScaledTime implements TimeSource {

		private static final long START = Duration.ofSeconds(1).toNanos();

		private final Instant epoch = Instant.now();

		private final int scale;

		private volatile long realOrigin = -1;

		HeldScaledTime(int scale) {
			this.scale = scale;
		}

		void release() {
			this.realOrigin = System.nanoTime();
		}

		@Override
		public long nanoTime() {
			long origin = this.realOrigin;
			return START + ((origin < 0) ? 0 : (System.nanoTime() - origin) * this.scale);
		}

		@Override
		public Instant now() {
			return this.epoch.plusNanos(nanoTime());
		}

		@Override
		public long toRealNanos(long nanos) {
			return nanos / this.scale;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScaledTimeConfiguration {

		@Bean
		TimeSource scaledTime() {
			return TIME;
		}

		/** The store the starter would build, on scaled time, recording grants. */
		@Bean(destroyMethod = "close")
		RecordingStore recordingStore(RedisConnectionFactory connections) {
			return new RecordingStore(RedisBudgetStore.builder(connections).timeSource(TIME).scriptTime(TIME).build(),
					new StringRedisTemplate(connections));
		}

	}

	private record RecordingStore(RedisBudgetStore store, StringRedisTemplate redis)
			implements BudgetFactory, AutoCloseable {

		@Override
		public Budget create(ModelLimits limits) {
			String tickets = RedisBudgetKeys.of("llm-ratelimit", limits.model()).get(2);
			return new RecordingBudget(this.store.create(limits), this.redis, tickets);
		}

		@Override
		public void close() {
			this.store.close();
		}

	}

	/** Records each queued ticket and the grant sequence of its lease. */
	private record RecordingBudget(Budget budget, StringRedisTemplate redis, String tickets) implements Budget {

		@Override
		public Admission acquire(Cost cost, long maxWaitNanos) {
			Admission admission = this.budget.acquire(cost, maxWaitNanos);
			asked.add(admission.status());
			if (admission.status() == Admission.Status.QUEUED) {
				queued.add(admission.ticket().id());
			}
			return admission;
		}

		@Override
		public Admission poll(Ticket ticket) {
			if (!this.redis.opsForHash().hasKey(this.tickets, ticket.id())) {
				lost.add(ticket.id());
			}
			Admission admission = this.budget.poll(ticket);
			if (admission.status() == Admission.Status.GRANTED) {
				granted(ticket, admission.lease());
			}
			return admission;
		}

		@Override
		public Optional<Lease> cancel(Ticket ticket) {
			Optional<Lease> lease = this.budget.cancel(ticket);
			lease.ifPresent((granted) -> granted(ticket, granted));
			return lease;
		}

		private static void granted(Ticket ticket, Lease lease) {
			// leases granted from the queue are named 'L' + Redis's sequence + '.' + time
			String id = lease.id();
			grants.put(ticket.id(), Long.parseLong(id.substring(1, id.indexOf('.'))));
		}

		@Override
		public boolean settle(Lease lease, Cost actual) {
			return this.budget.settle(lease, actual);
		}

		@Override
		public void observe(ProviderSnapshot snapshot) {
			this.budget.observe(snapshot);
		}

		@Override
		public void observe(ProviderSnapshot snapshot, Lease call) {
			this.budget.observe(snapshot, call);
		}

		@Override
		public BudgetState state() {
			return this.budget.state();
		}

		@Override
		public void addListener(BudgetListener listener) {
			this.budget.addListener(listener);
		}

	}

}
