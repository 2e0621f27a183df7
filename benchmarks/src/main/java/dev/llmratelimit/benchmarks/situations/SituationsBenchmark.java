package dev.llmratelimit.benchmarks.situations;

import java.util.List;
import java.util.Locale;

/**
 * Prints the "provider's truth" table: every {@link Situation} run deterministically on a
 * manual clock ({@link SituationRun}). {@code SituationsTests} asserts the same figures in
 * {@code mvn verify}.
 */
public final class SituationsBenchmark {

	private SituationsBenchmark() {
	}

	/**
	 * All situations, in the table's order.
	 * @return the situations
	 */
	public static List<Situation> situations() {
		return List.of(Situation.fixedLimits(), Situation.promotion(), Situation.outputCut(), Situation.neighbour(),
				Situation.unguardedSecondModel());
	}

	/**
	 * Runs every situation and prints a markdown table.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		System.out.println("| Situation | Provider 429s (measured minute) | Calls | Completed | Binding meter used | "
				+ "429s whole run |");
		System.out.println("|---|---|---|---|---|---|");
		for (Situation situation : situations()) {
			SituationResult result = new SituationRun(situation).run();
			System.out.printf(Locale.ROOT, "| %s | %d (%.0f%%) | %d | %d | %.1f%% | %d |%n", result.situation(),
					result.rejected(), result.rejectedPercent(), result.calls(), result.completed(),
					result.bindingUsedPercent(), result.rejectedInRun());
		}
	}

}
