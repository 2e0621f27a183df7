package dev.llmratelimit.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap a {@link BudgetLimiter} keeps per configured model, for 10,000 models
 * (or the number given as the first argument) with three and with four meters each. Two
 * measures: the growth of the used heap after a forced full GC, and the size of the object
 * graph reachable from the limiter as JOL walks it. Both include each model's
 * {@link ModelLimits} and id.
 */
public final class MemoryPerModelCheck {

	private static final Set<Meter> THREE_METERS = EnumSet.of(Meter.REQUESTS_PER_MINUTE,
			Meter.INPUT_TOKENS_PER_MINUTE, Meter.OUTPUT_TOKENS_PER_MINUTE);

	private static final Set<Meter> FOUR_METERS = EnumSet.of(Meter.REQUESTS_PER_MINUTE,
			Meter.INPUT_TOKENS_PER_MINUTE, Meter.OUTPUT_TOKENS_PER_MINUTE, Meter.CONCURRENT_REQUESTS);

	private MemoryPerModelCheck() {
	}

	/**
	 * Runs the measurement.
	 * @param args optional number of models
	 * @throws InterruptedException if interrupted while waiting for the GC
	 */
	public static void main(String[] args) throws InterruptedException {
		int models = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		// lets JOL read field offsets of hidden (lambda) classes
		System.setProperty("jol.magicFieldOffset", "true");
		System.out.printf(Locale.ROOT, "JDK %s (%s), %s, max heap %d MiB; %d models%n", Runtime.version(),
				System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().maxMemory() >> 20, models);
		System.out.printf(Locale.ROOT, "%-80s %22s %22s%n", "Meters per model", "GC heap delta B/model",
				"JOL graph B/model");
		GraphLayout threeMeters = measure(THREE_METERS, models);
		measure(FOUR_METERS, models);
		System.out.println();
		System.out.println("Heap by class, " + models + " models with 3 meters:");
		System.out.println(threeMeters.toFootprint());
	}

	private static GraphLayout measure(Set<Meter> meters, int models) throws InterruptedException {
		long before = usedAfterGc();
		BudgetLimiter limiter = limiter(meters, models);
		long after = usedAfterGc();
		GraphLayout graph = GraphLayout.parseInstance(limiter);
		System.out.printf(Locale.ROOT, "%-80s %22.0f %22.0f%n", label(meters), (double) (after - before) / models,
				(double) graph.totalSize() / models);
		if (limiter.models().size() != models) {
			throw new IllegalStateException("Expected " + models + " models, found " + limiter.models().size());
		}
		return graph;
	}

	private static BudgetLimiter limiter(Set<Meter> meters, int models) {
		BudgetLimiter.Builder builder = BudgetLimiter.builder();
		for (int i = 0; i < models; i++) {
			ModelLimits.Builder limits = ModelLimits.builder(String.format(Locale.ROOT, "model-%05d", i));
			meters.forEach((meter) -> limits.limit(meter, 100_000));
			builder.model(limits.build());
		}
		return builder.build();
	}

	private static String label(Set<Meter> meters) {
		StringBuilder label = new StringBuilder().append(meters.size()).append(':');
		meters.forEach((meter) -> label.append(' ').append(meter));
		return label.toString();
	}

	private static long usedAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
