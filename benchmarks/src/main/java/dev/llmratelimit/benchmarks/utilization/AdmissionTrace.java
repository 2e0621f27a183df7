package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * What each instance of a {@link SharedRedisStrategy} admitted and served, by simulated
 * second, and when its store lost and found Redis: printed per 5 simulated seconds when
 * the system property {@code llm.ratelimit.trace} is set, to see where an outage costs
 * output.
 */
final class AdmissionTrace {

	private static final long BUCKET = 5_000_000_000L;

	private final SimulatedTime time;

	private final long start;

	private final int instances;

	private final ConcurrentLinkedQueue<long[]> events = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();

	AdmissionTrace(SimulatedTime time, int instances) {
		this.time = time;
		this.start = time.nanoTime();
		this.instances = instances;
	}

	static boolean enabled() {
		return System.getProperty("llm.ratelimit.trace") != null;
	}

	void admitted(int instance, long maxTokens) {
		this.events.add(new long[] { this.time.nanoTime() - this.start, instance, 0, maxTokens });
	}

	void served(int instance, long outputTokens) {
		this.events.add(new long[] { this.time.nanoTime() - this.start, instance, 1, outputTokens });
	}

	/** Notes each instance's output meter (limit and available) every 2.5 simulated seconds, until closed. */
	void sample(List<? extends Supplier<String>> meters) {
		Thread sampler = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					List<String> levels = new ArrayList<>();
					meters.forEach((meter) -> levels.add(meter.get()));
					note("output meter " + levels);
					Thread.sleep(this.time.toReal(Duration.ofMillis(2500)).toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "admission-trace");
		sampler.setDaemon(true);
		sampler.start();
	}

	void note(String text) {
		this.notes.add(String.format(Locale.ROOT, "  %6.2f s %s", (this.time.nanoTime() - this.start) / 1e9, text));
	}

	void print() {
		this.notes.forEach(System.out::println);
		int buckets = (int) (this.events.stream().mapToLong((event) -> event[0]).max().orElse(0) / BUCKET) + 1;
		long[][][] sums = new long[buckets][this.instances][3];
		for (long[] event : this.events) {
			long[] sum = sums[(int) (event[0] / BUCKET)][(int) event[1]];
			if (event[2] == 0) {
				sum[0]++;
			}
			else {
				sum[1]++;
				sum[2] += event[3];
			}
		}
		System.out.println("  from  | per instance: admitted / completed / output tokens");
		for (int b = 0; b < buckets; b++) {
			List<String> cells = new ArrayList<>();
			long total = 0;
			for (int i = 0; i < this.instances; i++) {
				long[] sum = sums[b][i];
				cells.add(String.format(Locale.ROOT, "%3d / %3d / %6d", sum[0], sum[1], sum[2]));
				total += sum[2];
			}
			System.out.println(String.format(Locale.ROOT, "  %3d s  | %s | total output %6d", b * 5,
					String.join(" | ", cells), total));
		}
	}

}
