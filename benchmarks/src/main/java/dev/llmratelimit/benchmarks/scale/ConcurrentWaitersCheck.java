package dev.llmratelimit.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Checks that many concurrent callers waiting on one model are all admitted, in the order
 * they were queued, with no lost wake-up: once on platform threads and, on Java 21 and
 * later, once on virtual threads. Prints a table and exits with status 1 when a run fails.
 * Arguments: the number of waiters (default 1000) and the requests refilled per time step
 * (default 1, which makes every step admit exactly the next ticket).
 */
public final class ConcurrentWaitersCheck {

	private ConcurrentWaitersCheck() {
	}

	/**
	 * Runs the check.
	 * @param args optional waiter count and requests per step
	 * @throws InterruptedException if interrupted while waiting for the waiters
	 */
	public static void main(String[] args) throws InterruptedException {
		int waiters = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int perStep = (args.length > 1) ? Integer.parseInt(args[1]) : 1;
		System.out.printf(Locale.ROOT,
				"JDK %s (%s), %d cores, system load average %.1f; %d waiters, %d request(s) refilled per step%n",
				Runtime.version(), System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), waiters, perStep);
		List<WaiterRunResult> results = new ArrayList<>();
		System.out.printf(Locale.ROOT, "%-9s %9s %9s %-22s %9s %10s %13s %12s%n", "Threads", "Queued", "Admitted",
				"Order", "Failures", "Polls", "Total ms", "Slowest step ms");
		for (WaiterThreads kind : WaiterThreads.values()) {
			Optional<ThreadFactory> factory = kind.factory();
			if (factory.isEmpty()) {
				System.out.printf(Locale.ROOT, "%-9s not available on Java %d%n", label(kind),
						Runtime.version().feature());
				continue;
			}
			WaiterRunResult result = new WaiterRun(kind, factory.get(), waiters, perStep).run();
			results.add(result);
			System.out.println(row(result));
		}
		boolean passed = results.stream().allMatch(WaiterRunResult::passed);
		System.out.println(passed ? "PASSED: every waiter admitted, in ticket (FIFO) order, no lost wake-up"
				: "FAILED");
		if (!passed) {
			System.exit(1);
		}
	}

	private static String row(WaiterRunResult result) {
		String order = result.stalled() ? "lost wake-up (stalled)"
				: (result.firstBatchOutOfOrder() < 0) ? "FIFO"
						: "out of order at step " + result.firstBatchOutOfOrder();
		return String.format(Locale.ROOT, "%-9s %9d %9d %-22s %9d %10d %13.1f %12.1f", label(result.kind()),
				result.queued(), result.admitted(), order, result.failures(), result.polls(),
				result.elapsedNanos() / 1e6, result.slowestStepNanos() / 1e6);
	}

	private static String label(WaiterThreads kind) {
		return kind.name().toLowerCase(Locale.ROOT);
	}

}
