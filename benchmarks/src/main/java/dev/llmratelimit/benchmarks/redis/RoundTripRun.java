package dev.llmratelimit.benchmarks.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Runs one subject on a number of threads for a warm-up and then a measured period, each
 * thread timing every call, and summarises throughput and latency percentiles.
 */
final class RoundTripRun {

	private final long warmupNanos;

	private final long measureNanos;

	RoundTripRun(long warmupNanos, long measureNanos) {
		this.warmupNanos = warmupNanos;
		this.measureNanos = measureNanos;
	}

	/**
	 * Calls a subject for the warm-up time, recording nothing.
	 * @param subject the subject, shared by all threads
	 * @param threads the number of calling threads
	 * @throws InterruptedException if interrupted while waiting for the threads
	 */
	void warmUp(RoundTripSubject subject, int threads) throws InterruptedException {
		run(subject, threads, this.warmupNanos, (thread) -> new long[1]);
	}

	/**
	 * Measures a subject (warmed up before).
	 * @param subject the subject, shared by all threads
	 * @param threads the number of calling threads
	 * @return the figures
	 * @throws InterruptedException if interrupted while waiting for the threads
	 */
	Result measure(RoundTripSubject subject, int threads) throws InterruptedException {
		List<long[]> samples = new ArrayList<>();
		long[] counts = run(subject, threads, this.measureNanos, (thread) -> {
			long[] perThread = new long[2_000_000];
			synchronized (samples) {
				samples.add(perThread);
			}
			return perThread;
		});
		int total = 0;
		for (long count : counts) {
			total += (int) count;
		}
		long[] latencies = new long[total];
		int offset = 0;
		for (int i = 0; i < samples.size(); i++) {
			int count = (int) counts[i];
			System.arraycopy(samples.get(i), 0, latencies, offset, count);
			offset += count;
		}
		Arrays.sort(latencies);
		return new Result(subject.name(), threads, total / (this.measureNanos / 1e9), percentile(latencies, 0.50),
				percentile(latencies, 0.99));
	}

	/**
	 * Calls until the period is over; a thread records each call's latency while there is
	 * room in its array (the warm-up passes arrays of one and records nothing useful).
	 */
	private long[] run(RoundTripSubject subject, int threads, long nanos, IntFunction<long[]> arrays)
			throws InterruptedException {
		long[] counts = new long[threads];
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		long[][] perThread = new long[threads][];
		for (int t = 0; t < threads; t++) {
			perThread[t] = arrays.apply(t);
		}
		for (int t = 0; t < threads; t++) {
			int index = t;
			Thread worker = new Thread(() -> {
				long[] latencies = perThread[index];
				awaitStart(start);
				long end = System.nanoTime() + nanos;
				long count = 0;
				long now = System.nanoTime();
				while (now - end < 0) {
					subject.admitAndSettle();
					long after = System.nanoTime();
					if (count < latencies.length) {
						latencies[(int) count] = after - now;
					}
					count++;
					now = after;
				}
				counts[index] = Math.min(count, latencies.length);
			}, "round-trip-" + t);
			workers.add(worker);
			worker.start();
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		return counts;
	}

	private static void awaitStart(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static double percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1_000.0;
	}

	/**
	 * Figures of one subject on one thread count.
	 *
	 * @param subject the subject's name
	 * @param threads the number of calling threads
	 * @param perSecond admit-and-settle round trips per second, all threads together
	 * @param p50Micros median latency of one admit-and-settle, in microseconds
	 * @param p99Micros 99th percentile latency, in microseconds
	 */
	record Result(String subject, int threads, double perSecond, double p50Micros, double p99Micros) {
	}

}
