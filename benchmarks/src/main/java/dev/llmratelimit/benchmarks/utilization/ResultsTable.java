package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The results as a markdown table with the setting it was measured in.
 */
final class ResultsTable {

	private ResultsTable() {
	}

	static String markdown(Scenario scenario, List<StrategyResult> results) {
		StringBuilder md = new StringBuilder();
		md.append("| Strategy | Completed req/min | Output tokens/min | Output-token meter used (binding) |"
				+ " Input-token meter used | Simulator 429s (run / measured) | Calls given up | Wait p50 | Wait p99 |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (StrategyResult result : results) {
			md.append(String.format(Locale.ROOT, "| %s %s | %.1f | %,.0f | %.1f%% | %.1f%% | %d / %d | %d | %s | %s |%n",
					result.label(), result.name(), result.requestsPerMinute(), result.outputTokensPerMinute(),
					100 * result.outputUtilization(), 100 * result.inputUtilization(), result.rejected(),
					result.rejectedInWindow(), result.givenUp(), seconds(result.waitP50()), seconds(result.waitP99())));
		}
		md.append('\n');
		md.append(String.format(Locale.ROOT,
				"Limits %d RPM, %,d ITPM, %,d OTPM (output binds); %d workers; prompts %s; max_tokens %d;"
						+ " %d simulated minute(s) measured after %d of warm-up, %dx faster than real time."
						+ " Times are simulated.%n",
				scenario.limits().requestsPerMinute(), scenario.limits().inputTokensPerMinute(),
				scenario.limits().outputTokensPerMinute(), scenario.workers(), "300-6,000 tokens",
				scenario.workload().maxTokens(), scenario.measured().toMinutes(), scenario.warmUp().toMinutes(),
				scenario.scale()));
		long errors = results.stream().mapToLong(StrategyResult::errors).sum();
		if (errors > 0) {
			md.append(String.format(Locale.ROOT, "%nCalls that failed for other reasons than 429: %d.%n", errors));
		}
		return md.toString();
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
	}

}
