package dev.llmratelimit.benchmarks.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.core.internal.LocalBudget;

/**
 * One run of many callers waiting on a requests-per-minute meter of 60 that starts empty.
 * Every step moves a {@link SteppedTimeSource} on by just over the time a batch of requests
 * needs to refill and wakes the waiters, then waits until that batch was admitted. Because
 * timed waits last hours, only signals move the waiters: a lost wake-up stalls the run.
 */
final class WaiterRun {

	private static final String MODEL = "waiters";

	private static final long REQUESTS_PER_MINUTE = 60;

	private static final Duration REFILL_PER_REQUEST = Duration.ofSeconds(1);

	/** Refills a millionth of a request per step, never enough for an extra admission. */
	private static final Duration STEP_SLACK = Duration.ofNanos(1_000);

	private static final Duration MAX_WAIT = Duration.ofDays(1);

	private static final long STALL_TIMEOUT_SECONDS = 30;

	private final WaiterThreads kind;

	private final ThreadFactory threads;

	private final int waiters;

	private final int perStep;

	private final SteppedTimeSource time = new SteppedTimeSource();

	private final AtomicReference<QueueOrderRecordingBudget> budget = new AtomicReference<>();

	private final List<Thread> admittedOrder = Collections.synchronizedList(new ArrayList<>());

	private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

	private final Semaphore admissions = new Semaphore(0);

	WaiterRun(WaiterThreads kind, ThreadFactory threads, int waiters, int perStep) {
		this.kind = kind;
		this.threads = threads;
		this.waiters = waiters;
		this.perStep = perStep;
	}

	WaiterRunResult run() throws InterruptedException {
		BudgetLimiter limiter = BudgetLimiter.builder()
			.timeSource(this.time)
			.budgetFactory((limits) -> {
				QueueOrderRecordingBudget recording = new QueueOrderRecordingBudget(
						new LocalBudget(limits, this.time,
								LimiterSettings.builder().leaseTimeout(MAX_WAIT).admissionMargin(Duration.ZERO).build()));
				this.budget.set(recording);
				return recording;
			})
			.model(ModelLimits.builder(MODEL).limit(Meter.REQUESTS_PER_MINUTE, REQUESTS_PER_MINUTE).build())
			.build();
		drain(limiter);
		List<Thread> started = startWaiters(limiter);
		awaitAllQueued();
		long start = System.nanoTime();
		long slowestStep = 0;
		int admitted = 0;
		boolean stalled = false;
		while (admitted < this.waiters) {
			int batch = Math.min(this.perStep, this.waiters - admitted);
			this.time.advance(REFILL_PER_REQUEST.multipliedBy(batch).plus(STEP_SLACK));
			long stepStart = System.nanoTime();
			limiter.wakeWaiters();
			if (!this.admissions.tryAcquire(batch, STALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				stalled = true;
				break;
			}
			slowestStep = Math.max(slowestStep, System.nanoTime() - stepStart);
			admitted += batch;
		}
		long elapsed = System.nanoTime() - start;
		stopAndJoin(started, stalled);
		List<Thread> queueOrder = this.budget.get().queueOrder();
		List<Thread> admittedOrder = new ArrayList<>(this.admittedOrder);
		return new WaiterRunResult(this.kind, this.waiters, this.perStep, queueOrder.size(), admittedOrder.size(),
				firstBatchOutOfOrder(queueOrder, admittedOrder), stalled, this.failures.size(),
				this.budget.get().polls(), elapsed, slowestStep);
	}

	private static void drain(BudgetLimiter limiter) {
		Optional<Reservation> reservation = limiter.tryReserve(MODEL, 0, 1);
		while (reservation.isPresent()) {
			reservation.get().completeAsReserved();
			reservation = limiter.tryReserve(MODEL, 0, 1);
		}
	}

	private List<Thread> startWaiters(BudgetLimiter limiter) {
		List<Thread> started = new ArrayList<>(this.waiters);
		for (int i = 0; i < this.waiters; i++) {
			Thread thread = this.threads.newThread(() -> waitForTurn(limiter));
			thread.start();
			started.add(thread);
		}
		return started;
	}

	private void waitForTurn(BudgetLimiter limiter) {
		try {
			Reservation reservation = limiter.reserve(MODEL, 0, 1, MAX_WAIT);
			this.admittedOrder.add(Thread.currentThread());
			this.admissions.release();
			reservation.completeAsReserved();
		}
		catch (RuntimeException ex) {
			this.failures.add(ex);
		}
	}

	private void awaitAllQueued() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_TIMEOUT_SECONDS);
		while (this.budget.get().queueOrder().size() + this.failures.size() < this.waiters) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + this.budget.get().queueOrder().size() + " of "
						+ this.waiters + " waiters queued in " + STALL_TIMEOUT_SECONDS + " s");
			}
			Thread.sleep(1);
		}
	}

	private static void stopAndJoin(List<Thread> started, boolean stalled) throws InterruptedException {
		for (Thread thread : started) {
			if (stalled) {
				thread.interrupt();
			}
			thread.join();
		}
	}

	/**
	 * Index of the first batch whose admitted threads are not the next ones in ticket
	 * order, or -1 when every batch was admitted in FIFO order.
	 */
	private int firstBatchOutOfOrder(List<Thread> queueOrder, List<Thread> admittedOrder) {
		int compared = Math.min(queueOrder.size(), admittedOrder.size());
		for (int from = 0; from < compared; from += this.perStep) {
			int to = Math.min(from + this.perStep, compared);
			if (!new HashSet<>(queueOrder.subList(from, to)).equals(new HashSet<>(admittedOrder.subList(from, to)))) {
				return from / this.perStep;
			}
		}
		return -1;
	}

}
