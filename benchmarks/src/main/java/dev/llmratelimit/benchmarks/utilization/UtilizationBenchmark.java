package dev.llmratelimit.benchmarks.utilization;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quota utilization benchmark: six ways of calling a rate-limited provider, each run
 * against a fresh provider simulator served over HTTP, compared on completed requests, use
 * of the binding meter, 429s and waiting. Writes {@code results/utilization.md} and
 * {@code results/utilization.png} under the working directory.
 * <p>
 * Arguments (optional): the time scale (default 10), the measured simulated minutes
 * (default 3) and the letters of the strategies to run (default {@code abcdef}).
 */
public final class UtilizationBenchmark {

	private UtilizationBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args optional time scale, measured minutes and strategy letters
	 * @throws Exception if a run fails
	 */
	public static void main(String[] args) throws Exception {
		int scale = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		long minutes = (args.length > 1) ? Long.parseLong(args[1]) : 3;
		Scenario scenario = Scenario.standard(scale, Duration.ofMinutes(minutes));
		System.out.println("Warming up the JVM ...");
		Scenario warmUp = Scenario.jvmWarmUp();
		for (Entry entry : entries(warmUp)) {
			new UtilizationRun(warmUp).run(entry.label, entry.name, entry.factory);
		}
		List<StrategyResult> results = new ArrayList<>();
		String only = (args.length > 2) ? args[2] : "abcdef";
		for (Entry entry : entries(scenario)) {
			if (only.indexOf(entry.label.charAt(1)) < 0) {
				continue;
			}
			System.out.println("Running " + entry.label + " " + entry.name + " ...");
			StrategyResult result = new UtilizationRun(scenario).run(entry.label, entry.name, entry.factory);
			System.out.printf(Locale.ROOT, "  %.1f req/min, output meter %.1f%%, %d 429s %s%n",
					result.requestsPerMinute(), 100 * result.outputUtilization(), result.rejected(),
					result.rejectedBy());
			results.add(result);
		}
		String table = ResultsTable.markdown(scenario, results);
		System.out.println();
		System.out.println(table);
		Path directory = Path.of("results");
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("utilization.md"), table, StandardCharsets.UTF_8);
		ResultsChart.write(results, String.format(Locale.ROOT,
				"%d workers, OTPM %,d binding, max_tokens %d, %d simulated min measured, %dx time scale",
				scenario.workers(), scenario.limits().outputTokensPerMinute(), scenario.workload().maxTokens(),
				minutes, scale), directory.resolve("utilization.png"));
		System.out.println("Wrote " + directory.resolve("utilization.md") + " and " + directory.resolve("utilization.png"));
	}

	private static List<Entry> entries(Scenario scenario) {
		String model = scenario.model();
		int poolSize = scenario.fixedPoolSize();
		return List.of(
				new Entry("(a)", "SDK retries only", (url, time) -> new SdkRetryStrategy(SdkClients.client(url, 2), model)),
				new Entry("(b)", "Fixed pool of " + poolSize + " (OTPM / max_tokens)",
						(url, time) -> new FixedPoolStrategy(SdkClients.client(url, 2), model, poolSize)),
				new Entry("(c)", "resilience4j RateLimiter, RPM only",
						(url, time) -> new Resilience4jRpmStrategy(SdkClients.client(url, 2), model,
								scenario.limits().requestsPerMinute(), time)),
				new Entry("(d)", "Bucket4j, input + max_tokens, no reconciliation",
						(url, time) -> new Bucket4jStrategy(SdkClients.client(url, 2), model,
								scenario.limits().inputTokensPerMinute(), scenario.limits().outputTokensPerMinute(),
								time)),
				new Entry("(e)", "llm-ratelimit (memory, anthropic dialect, headers)",
						(url, time) -> new LlmRateLimitStrategy(SdkClients.client(url, 0), model, scenario.limits(),
								scenario.workload().maxTokens(), time, true)),
				new Entry("(f)", "llm-ratelimit without header learning",
						(url, time) -> new LlmRateLimitStrategy(SdkClients.client(url, 0), model, scenario.limits(),
								scenario.workload().maxTokens(), time, false)));
	}

	private record Entry(String label, String name, StrategyFactory factory) {
	}

}
