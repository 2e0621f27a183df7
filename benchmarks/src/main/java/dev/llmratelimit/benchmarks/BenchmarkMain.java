package dev.llmratelimit.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every {@code *Benchmark} class of this module with one thread, then with two, and
 * prints a summary table. The forks, iterations and time unit come from
 * {@link BenchmarkSettings}; JMH's own command-line options (for example {@code -f 1},
 * {@code -t 4} or a benchmark regex) override them; {@code -l}, {@code -h} and the other
 * listings are handed to JMH's own main.
 */
public final class BenchmarkMain {

	private static final String ALL_BENCHMARKS = "dev\\.llmratelimit\\.benchmarks\\..*Benchmark\\..*";

	private static final int[] DEFAULT_THREADS = { 1, 2 };

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmarks.
	 * @param args JMH command-line options
	 * @throws CommandLineOptionException if an option is not understood
	 * @throws RunnerException if a benchmark fails
	 * @throws IOException if JMH cannot print its help or listings
	 */
	public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
		CommandLineOptions commandLine = new CommandLineOptions(args);
		if (asksForInformation(commandLine)) {
			Main.main(args);
			return;
		}
		double loadBefore = systemLoad();
		List<RunResult> results = new ArrayList<>();
		for (int threads : threadCounts(commandLine)) {
			OptionsBuilder builder = new OptionsBuilder();
			builder.parent(commandLine).threads(threads);
			if (commandLine.getIncludes().isEmpty()) {
				builder.include(ALL_BENCHMARKS);
			}
			Options options = builder.build();
			results.addAll(new Runner(options).run());
		}
		System.out.println();
		System.out.println(summary(results));
		System.out.printf(Locale.ROOT, "JDK %s, %d cores, system load average %.1f before and %.1f after%n",
				Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, systemLoad());
	}

	/** The benchmark's class and method, without the package. */
	private static String shortName(RunResult run) {
		String benchmark = run.getParams().getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
	}

	private static double systemLoad() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** Whether the options ask JMH for help or a listing rather than a run. */
	private static boolean asksForInformation(CommandLineOptions commandLine) {
		return commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListWithParams()
				|| commandLine.shouldListProfilers() || commandLine.shouldListResultFormats();
	}

	private static int[] threadCounts(CommandLineOptions commandLine) {
		return commandLine.getThreads().hasValue() ? new int[] { commandLine.getThreads().get() } : DEFAULT_THREADS;
	}

	private static String summary(Collection<RunResult> results) {
		StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-48s %7s %12s %16s  %s%n",
				"Benchmark", "Threads", "Score", "Error (99.9%)", "Unit"));
		for (RunResult run : results) {
			Result<?> primary = run.getPrimaryResult();
			table.append(String.format(Locale.ROOT, "%-48s %7d %12.1f %16.1f  %s%n", shortName(run),
					run.getParams().getThreads(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
		}
		return table.toString();
	}

}
