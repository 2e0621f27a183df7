package dev.llmratelimit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the CPU time each benchmarked operation costs its calling threads, with one and
 * with two threads. Unlike JMH's wall-clock scores, thread CPU time hardly moves when other
 * processes load the machine, so it still compares the libraries on a busy host. Each
 * figure is the mean of five rounds of two million operations per thread, after three
 * warm-up rounds of every operation, with the lowest and highest round beside it.
 */
public final class CpuTimePerOperation {

	private static final int OPERATIONS_PER_THREAD = 2_000_000;

	private static final int WARM_UP_ROUNDS = 3;

	private static final int ROUNDS = 5;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private CpuTimePerOperation() {
	}

	/**
	 * Runs the measurement.
	 * @param args ignored
	 * @throws InterruptedException if interrupted while waiting for the measuring threads
	 */
	public static void main(String[] args) throws InterruptedException {
		System.out.printf(Locale.ROOT, "JDK %s, %d cores, system load average %.1f%n", Runtime.version(),
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.printf(Locale.ROOT, "%-48s %7s %14s %10s %10s%n", "Operation", "Threads", "CPU ns/op", "min",
				"max");
		List<Operation> operations = operations();
		for (Operation operation : operations) {
			warmUp(operation);
		}
		for (int threads = 1; threads <= 2; threads++) {
			for (Operation operation : operations) {
				measure(operation, threads);
			}
		}
	}

	private static List<Operation> operations() {
		ReserveSettleBenchmark reserveSettle = new ReserveSettleBenchmark();
		reserveSettle.createLimiter();
		Resilience4jAcquireBenchmark resilience4j = new Resilience4jAcquireBenchmark();
		resilience4j.createRateLimiter();
		Bucket4jTryConsumeBenchmark bucket4j = new Bucket4jTryConsumeBenchmark();
		bucket4j.createBucket();
		return List.of(new Operation("Bucket4jTryConsumeBenchmark.tryConsume", bucket4j::tryConsume),
				new Operation("ReserveSettleBenchmark.reserveAndSettle", reserveSettle::reserveAndSettle),
				new Operation("Resilience4jAcquireBenchmark.acquirePermission", resilience4j::acquirePermission));
	}

	/** Runs every operation before measuring any, so all are measured with the same JIT profile. */
	private static void warmUp(Operation operation) throws InterruptedException {
		for (int i = 0; i < WARM_UP_ROUNDS; i++) {
			round(operation, 1);
		}
	}

	private static void measure(Operation operation, int threads) throws InterruptedException {
		double sum = 0;
		double min = Double.MAX_VALUE;
		double max = 0;
		for (int i = 0; i < ROUNDS; i++) {
			double nanosPerOperation = round(operation, threads);
			sum += nanosPerOperation;
			min = Math.min(min, nanosPerOperation);
			max = Math.max(max, nanosPerOperation);
		}
		System.out.printf(Locale.ROOT, "%-48s %7d %14.1f %10.1f %10.1f%n", operation.name(), threads, sum / ROUNDS,
				min, max);
	}

	/** Runs one round and returns the CPU nanoseconds per operation. */
	private static double round(Operation operation, int threads) throws InterruptedException {
		AtomicLong cpuNanos = new AtomicLong();
		List<Thread> started = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				long start = THREADS.getCurrentThreadCpuTime();
				for (int n = 0; n < OPERATIONS_PER_THREAD; n++) {
					operation.call().run();
				}
				cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
			});
			thread.start();
			started.add(thread);
		}
		for (Thread thread : started) {
			thread.join();
		}
		return (double) cpuNanos.get() / ((long) threads * OPERATIONS_PER_THREAD);
	}

	private record Operation(String name, Runnable call) {
	}

}
