package dev.llmratelimit.benchmarks.utilization;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.llmratelimit.test.redis.LocalRedisServer;
import dev.llmratelimit.test.simulator.SimulatedLimits;

/**
 * Issue 11's utilization rows: 3 instances sharing one real Redis (each its own limiter
 * on its own Redis store, {@code on-failure=local}, {@code expected-instances=3}), 16
 * workers each, against the kit's simulated Anthropic endpoint over HTTP, output tokens
 * binding, 60 simulated seconds from cold; the same with Redis stopped 35 s in and started
 * again (empty) 20 s later; and one in-memory instance with 16 workers for comparison.
 * <p>
 * Arguments (optional): the time scales to run, e.g. {@code 10 1} (default {@code 10}).
 */
public final class SharedRedisBenchmark {

	private static final int INSTANCES = 3;

	private static final int WORKERS_PER_INSTANCE = 16;

	private static final Duration MEASURED = Duration.ofSeconds(60);

	private static final Duration OUTAGE_AT = Duration.ofSeconds(35);

	private static final Duration OUTAGE = Duration.ofSeconds(20);

	private SharedRedisBenchmark() {
	}

	/**
	 * Runs the rows at each time scale and prints a markdown table.
	 * @param args optional time scales
	 * @throws Exception if a run fails
	 */
	public static void main(String[] args) throws Exception {
		List<Integer> scales = new ArrayList<>();
		for (String arg : args) {
			scales.add(Integer.parseInt(arg));
		}
		if (scales.isEmpty()) {
			scales.add(10);
		}
		System.out.println("Warming up the JVM ...");
		Scenario warmUp = Scenario.jvmWarmUp();
		new UtilizationRun(warmUp).run("(w)", "warm-up", (baseUrl, time) -> new SharedRedisStrategy(baseUrl, time,
				warmUp.model(), warmUp.limits(), warmUp.workload().maxTokens(), 1, 0));
		List<String> rows = new ArrayList<>();
		try (LocalRedisServer redis = LocalRedisServer.start()) {
			System.out.println("redis-server: " + redis.executable());
			for (int scale : scales) {
				rows.add(row(scale, "in-memory, 1 instance x 16 workers", 1, 0, null));
				rows.add(row(scale, "Redis, 3 instances x 16 workers", INSTANCES, redis.port(), null));
				rows.add(row(scale, "Redis, 3 instances x 16 workers, Redis down 35 s-55 s", INSTANCES, redis.port(),
						redis));
			}
		}
		System.out.println();
		System.out.println("| Time scale | Row | Provider 429s (of calls sent) | Failed calls | Calls completed | "
				+ "Output tokens served | Binding meter (OTPM) used | Other errors |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		rows.forEach(System.out::println);
	}

	private static String row(int scale, String name, int instances, int redisPort, LocalRedisServer outage)
			throws IOException, InterruptedException {
		Scenario scenario = scenario(scale, instances * WORKERS_PER_INSTANCE);
		System.out.println("Running " + scale + "x " + name + " ...");
		Thread outageThread = (outage != null) ? outage(outage, scale) : null;
		StrategyResult result = new UtilizationRun(scenario).run("(r)", name,
				(baseUrl, time) -> new SharedRedisStrategy(baseUrl, time, scenario.model(), scenario.limits(),
						scenario.workload().maxTokens(), instances, redisPort));
		if (outageThread != null) {
			outageThread.join();
		}
		long completed = Math.round(result.requestsPerMinute() * MEASURED.toNanos() / 60e9);
		long sent = completed + result.rejected() + result.givenUp();
		String row = String.format(Locale.ROOT, "| %dx | %s | %d (%.1f%% of ~%d) | %d | %d | %,d | %.1f%% | %d |",
				scale, name, result.rejected(), (sent == 0) ? 0 : 100.0 * result.rejected() / sent, sent,
				result.givenUp(), completed, Math.round(result.outputTokensPerMinute() * MEASURED.toNanos() / 60e9),
				100 * result.outputUtilization(), result.errors());
		System.out.println(row);
		return row;
	}

	/** The standard scenario's limits and workload, 60 simulated seconds measured from cold. */
	private static Scenario scenario(int scale, int workers) {
		Scenario standard = Scenario.standard(scale, MEASURED);
		SimulatedLimits limits = standard.limits();
		return new Scenario(standard.model(), limits, workers, standard.workload(), standard.latency(), scale,
				Duration.ZERO, MEASURED);
	}

	/** Stops Redis 35 simulated seconds after now and starts it again 20 s later. */
	private static Thread outage(LocalRedisServer redis, int scale) {
		Thread thread = new Thread(() -> {
			try {
				Thread.sleep(OUTAGE_AT.toMillis() / scale);
				redis.kill();
				System.out.println("  Redis stopped");
				Thread.sleep(OUTAGE.toMillis() / scale);
				redis.restart();
				System.out.println("  Redis started again");
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}, "redis-outage");
		thread.start();
		return thread;
	}

}
