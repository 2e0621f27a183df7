package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads reserve and settle against tight limits; over the whole run, what was
 * admitted never exceeds what the limits allow: a full meter plus what refilled over the
 * elapsed time (a sliding window admits no more than that either).
 */
@Timeout(60)
class BudgetLimiterConcurrencyTests {

	private static final int THREADS = 16;

	private static final long REQUESTS_PER_MINUTE = 100;

	private static final long TOKENS_PER_MINUTE = 20000;

	private static final int MAX_CONCURRENT = 4;

	private static final double SLACK = 1e-6;

	private static final int TICKS = 120;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

	private final ConcurrentLinkedQueue<Admitted> admitted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicLong attempts = new AtomicLong();

	private final AtomicLong rejections = new AtomicLong();

	@AfterEach
	void stopThreads() {
		this.executor.shutdownNow();
	}

	@ParameterizedTest
	@EnumSource(ModelLimits.Refill.class)
	void admissionsNeverExceedLimitsWhileAManualClockAdvances(ModelLimits.Refill refill) throws Exception {
		ManualTimeSource time = new ManualTimeSource();
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(time)
			.leaseTimeout(Duration.ofDays(1))
			.model(limits().toBuilder().refill(refill).build())
			.build();
		long start = time.nanoTime();
		ReadWriteLock clock = new ReentrantReadWriteLock();
		AtomicBoolean stop = new AtomicBoolean();
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			boolean blocking = i % 4 == 0;
			workers.add(this.executor.submit(() -> {
				Deque<Open> open = new ArrayDeque<>();
				while (!stop.get()) {
					Optional<Open> admitted = blocking ? reserveWaiting(limiter, time)
							: reserveAtOnce(limiter, time, clock);
					admitted.ifPresent(open::add);
					if (open.size() > 2 || (!open.isEmpty() && ThreadLocalRandom.current().nextInt(3) == 0)) {
						settle(open.poll());
					}
				}
				open.forEach(this::settle);
				return null;
			}));
		}
		for (int tick = 0; tick < TICKS || !allDone(workers); tick++) {
			long seen = this.attempts.get();
			do {
				Thread.yield();
			}
			while (tick < TICKS && this.attempts.get() < seen + THREADS / 2);
			clock.writeLock().lock();
			try {
				time.advance(Duration.ofMillis(500));
			}
			finally {
				clock.writeLock().unlock();
			}
			limiter.wakeWaiters();
			stop.compareAndSet(false, tick >= TICKS);
		}
		for (Future<?> worker : workers) {
			worker.get(10, TimeUnit.SECONDS);
		}
		assertAdmittedWithinLimits(time.nanoTime() - start);
		assertPrefixesWithinLimits(start);
		assertThat(this.maxInFlight).hasValueLessThanOrEqualTo(MAX_CONCURRENT);
		assertThat(this.rejections).hasPositiveValue();
		assertThat(limiter.headroom("m").orElseThrow().inFlight()).isZero();
		assertThat(limiter.headroom("m").orElseThrow().waiting()).isZero();
	}

	@Test
	void admissionsNeverExceedLimitsOnTheSystemClock() throws Exception {
		long start = System.nanoTime();
		BudgetLimiter limiter = BudgetLimiter.builder().model(limits()).build();
		long runUntil = start + TimeUnit.MILLISECONDS.toNanos(500);
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			workers.add(this.executor.submit(() -> {
				Deque<Open> open = new ArrayDeque<>();
				while (System.nanoTime() < runUntil) {
					tryOnce(limiter, System.nanoTime()).ifPresent(open::add);
					if (open.size() > 2 || (!open.isEmpty() && ThreadLocalRandom.current().nextInt(3) == 0)) {
						settle(open.poll());
					}
				}
				open.forEach(this::settle);
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(30, TimeUnit.SECONDS);
		}
		assertAdmittedWithinLimits(System.nanoTime() - start);
		assertThat(this.maxInFlight).hasValueLessThanOrEqualTo(MAX_CONCURRENT);
		assertThat(this.admitted).hasSizeGreaterThanOrEqualTo(MAX_CONCURRENT);
		assertThat(this.rejections).hasPositiveValue();
	}

	private static ModelLimits limits() {
		return ModelLimits.builder("m")
			.limit(Meter.REQUESTS_PER_MINUTE, REQUESTS_PER_MINUTE)
			.limit(Meter.TOKENS_PER_MINUTE, TOKENS_PER_MINUTE)
			.limit(Meter.CONCURRENT_REQUESTS, MAX_CONCURRENT)
			.build();
	}

	/** Reserves with the clock held still, so the admission time is exact. */
	private Optional<Open> reserveAtOnce(BudgetLimiter limiter, ManualTimeSource time, ReadWriteLock clock) {
		clock.readLock().lock();
		try {
			return tryOnce(limiter, time.nanoTime());
		}
		finally {
			clock.readLock().unlock();
		}
	}

	private Optional<Open> tryOnce(BudgetLimiter limiter, long now) {
		this.attempts.incrementAndGet();
		Optional<Reservation> reservation = limiter.tryReserve("m", input(), maxTokens());
		if (reservation.isEmpty()) {
			this.rejections.incrementAndGet();
		}
		return reservation.map((admitted) -> opened(admitted, now, true));
	}

	private Optional<Open> reserveWaiting(BudgetLimiter limiter, ManualTimeSource time) {
		this.attempts.incrementAndGet();
		try {
			Reservation reservation = limiter.reserve("m", input(), maxTokens(), Duration.ofSeconds(2));
			return Optional.of(opened(reservation, time.nanoTime(), false));
		}
		catch (LlmRateLimitExceededException ex) {
			this.rejections.incrementAndGet();
			return Optional.empty();
		}
	}

	private Open opened(Reservation reservation, long admittedAt, boolean exactTime) {
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		return new Open(reservation, admittedAt, exactTime);
	}

	private void settle(Open open) {
		Reservation reservation = open.reservation();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int outcome = random.nextInt(10);
		long output = (outcome < 4) ? random.nextLong(reservation.maxTokens() + 1) : reservation.maxTokens();
		this.inFlight.decrementAndGet();
		if (outcome == 0) {
			reservation.cancel();
			return;
		}
		long input = reservation.inputTokens();
		if (outcome == 1) {
			reservation.fail(new IllegalStateException("provider error"));
			output = 0;
		}
		else {
			reservation.complete(LlmUsage.of(input, output));
		}
		this.admitted.add(new Admitted(open.atNanos(), open.exactTime(), input + output));
	}

	private void assertAdmittedWithinLimits(long elapsedNanos) {
		double requests = this.admitted.size();
		double tokens = this.admitted.stream().mapToDouble(Admitted::tokens).sum();
		assertThat(requests).isLessThanOrEqualTo(allowed(REQUESTS_PER_MINUTE, elapsedNanos));
		assertThat(tokens).isLessThanOrEqualTo(allowed(TOKENS_PER_MINUTE, elapsedNanos));
		assertThat(requests).as("the run admitted calls beyond the first burst").isGreaterThan(MAX_CONCURRENT);
	}

	private void assertPrefixesWithinLimits(long start) {
		List<Admitted> exact = this.admitted.stream()
			.filter(Admitted::exactTime)
			.sorted(Comparator.comparingLong(Admitted::atNanos))
			.toList();
		double requests = 0;
		double tokens = 0;
		for (Admitted call : exact) {
			requests++;
			tokens += call.tokens();
			long elapsed = call.atNanos() - start;
			assertThat(requests).isLessThanOrEqualTo(allowed(REQUESTS_PER_MINUTE, elapsed));
			assertThat(tokens).isLessThanOrEqualTo(allowed(TOKENS_PER_MINUTE, elapsed));
		}
	}

	private static double allowed(long limitPerMinute, long elapsedNanos) {
		return limitPerMinute + (double) limitPerMinute * elapsedNanos / Duration.ofMinutes(1).toNanos() + SLACK;
	}

	/** Half the calls are tiny (the request meter binds), half large (the token meter binds). */
	private static long input() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return random.nextBoolean() ? random.nextLong(1, 10) : random.nextLong(100, 400);
	}

	private static long maxTokens() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return random.nextBoolean() ? random.nextLong(1, 10) : random.nextLong(100, 600);
	}

	private static boolean allDone(List<Future<?>> workers) {
		return workers.stream().allMatch(Future::isDone);
	}

	/** A call admitted and not yet settled. */
	private record Open(Reservation reservation, long atNanos, boolean exactTime) {
	}

	/** A call that was charged: when it was admitted and the tokens it finally cost. */
	private record Admitted(long atNanos, boolean exactTime, double tokens) {
	}

}
