package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.TimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers waiting for budget on a manual clock: strict arrival order with a thousand of
 * them, an interrupted waiter leaving the queue, and settlements racing each other.
 */
@Timeout(60)
class WaitingCallersTests {

	private static final Duration LONG_WAIT = Duration.ofHours(1);

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void aThousandWaitersAreAdmittedInTheOrderTheyArrived() throws Exception {
		int waiters = 1000;
		BudgetLimiter limiter = limiter(ModelLimits.builder("m").limit(Meter.REQUESTS_PER_MINUTE, waiters));
		drain(limiter, waiters);
		List<Integer> admitted = new CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		try {
			for (int i = 0; i < waiters; i++) {
				int caller = i;
				Thread thread = new Thread(() -> {
					limiter.reserve("m", 0, 1, LONG_WAIT);
					admitted.add(caller);
				}, "waiter-" + i);
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
				awaitWaiting(limiter, i + 1);
			}
			Duration oneRequest = Duration.ofMinutes(1).dividedBy(waiters);
			for (int i = 0; i < waiters; i++) {
				this.time.advance(oneRequest);
				limiter.wakeWaiters();
				awaitSize(admitted, i + 1);
			}
			for (Thread thread : threads) {
				thread.join(TimeUnit.SECONDS.toMillis(10));
			}
		}
		finally {
			threads.forEach(Thread::interrupt);
		}
		List<Integer> arrival = new ArrayList<>();
		for (int i = 0; i < waiters; i++) {
			arrival.add(i);
		}
		assertThat(admitted).containsExactlyElementsOf(arrival);
		assertThat(limiter.headroom("m").orElseThrow().waiting()).isZero();
	}

	@Test
	void aLeaseThatExpiresWakesTheWaiterItBlocksWithoutAnyOtherCall() {
		// real time: nothing but the waiter itself may notice the expiry
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(TimeSource.system())
			.admissionMargin(Duration.ZERO)
			.leaseTimeout(Duration.ofMillis(300))
			.model(ModelLimits.builder("m").limit(Meter.CONCURRENT_REQUESTS, 1).build())
			.build();
		Reservation leaked = limiter.reserve("m", 0, 1, Duration.ZERO);
		long start = System.nanoTime();
		Reservation next = limiter.reserve("m", 0, 1, Duration.ofSeconds(30));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(leaked.isSettled()).as("expired").isTrue();
		assertThat(next.isSettled()).isFalse();
		assertThat(waited).as("woken when the lease expired, not at the end of its 30 s wait")
			.isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
	}

	@Test
	void anInterruptedWaiterLeavesTheQueueKeepsItsInterruptAndTakesNothing() throws Exception {
		BudgetLimiter limiter = limiter(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 600));
		limiter.reserve("m", 0, 600, Duration.ZERO);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicReference<Boolean> interrupted = new AtomicReference<>();
		Thread waiter = new Thread(() -> {
			try {
				limiter.reserve("m", 0, 300, LONG_WAIT);
			}
			catch (RuntimeException ex) {
				failure.set(ex);
				interrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		waiter.start();
		awaitWaiting(limiter, 1);
		waiter.interrupt();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(failure.get()).isInstanceOf(LlmRateLimitExceededException.class);
		assertThat(interrupted.get()).isTrue();
		assertThat(limiter.headroom("m").orElseThrow().waiting()).isZero();
		this.time.advance(Duration.ofSeconds(10));
		assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(100);
		assertThat(limiter.tryReserve("m", 0, 100)).isPresent();
	}

	@Test
	void cancelRacingCompletionSettlesEachReservationExactlyOnce() throws Exception {
		BudgetLimiter limiter = limiter(ModelLimits.builder("m").limit(Meter.TOKENS_PER_MINUTE, 1_000_000));
		CyclicBarrier start = new CyclicBarrier(2);
		for (int round = 0; round < 500; round++) {
			Reservation reservation = limiter.reserve("m", 100, 900, Duration.ZERO);
			CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> settle(start, reservation::cancel));
			CompletableFuture<Boolean> complete = CompletableFuture
				.supplyAsync(() -> settle(start, () -> reservation.complete(LlmUsage.of(100, 400))));
			boolean cancelled = cancel.get(10, TimeUnit.SECONDS);
			boolean completed = complete.get(10, TimeUnit.SECONDS);
			assertThat(cancelled ^ completed).as("exactly one settlement in round %d", round).isTrue();
			double expected = cancelled ? 1_000_000 : 999_500;
			assertThat(available(limiter, Meter.TOKENS_PER_MINUTE)).isEqualTo(expected);
			assertThat(limiter.headroom("m").orElseThrow().inFlight()).isZero();
			this.time.advance(Duration.ofMinutes(1));
		}
	}

	private static boolean settle(CyclicBarrier start, Runnable settlement) {
		try {
			start.await(10, TimeUnit.SECONDS);
			settlement.run();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private BudgetLimiter limiter(ModelLimits.Builder limits) {
		return BudgetLimiter.builder()
			.timeSource(this.time)
			.admissionMargin(Duration.ZERO)
			.model(limits.build())
			.build();
	}

	private static void drain(BudgetLimiter limiter, int requests) {
		for (int i = 0; i < requests; i++) {
			limiter.reserve("m", 0, 1, Duration.ZERO);
		}
	}

	private static double available(BudgetLimiter limiter, Meter meter) {
		return limiter.headroom("m").orElseThrow().meters().get(meter).available();
	}

	private static void awaitWaiting(BudgetLimiter limiter, int waiting) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (limiter.headroom("m").orElseThrow().waiting() < waiting) {
			assertThat(System.nanoTime()).as("callers waiting").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	private static void awaitSize(List<?> list, int size) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (list.size() < size) {
			assertThat(System.nanoTime()).as("admissions").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}
