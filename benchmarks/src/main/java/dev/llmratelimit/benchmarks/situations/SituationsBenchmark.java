package dev.llmratelimit.benchmarks.situations;

import java.util.List;
import java.util.Locale;

/**
 * Prints the "provider's truth" table: every {@link Situation} run deterministically on a
 * manual clock ({@link SituationRun}, the figures {@code SituationsTests} asserts in
 * {@code mvn verify}), or, given a time scale, with real threads over HTTP
 * ({@link SituationHttpRun}; 1 is real time, about 8 minutes for the five rows).
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
				Situation.unguardedSecondModel(), Situation.threeInstancesWithoutSharedStore());
	}

	/**
	 * Runs every situation and prints a markdown table.
	 * @param args nothing for the deterministic run, or the time scale of an HTTP run and
	 * optionally the rows to run, such as {@code 2,6}
	 * @throws InterruptedException if interrupted during an HTTP run
	 */
	public static void main(String[] args) throws InterruptedException {
		Integer scale = (args.length > 0) ? Integer.valueOf(args[0]) : null;
		System.out.println((scale != null) ? "Real threads over HTTP, time scale " + scale + "x"
				: "Deterministic, on a manual clock");
		System.out.println("| Situation | Provider 429s (measured minute) | Calls | Completed | Binding meter used | "
				+ "429s whole run |");
		System.out.println("|---|---|---|---|---|---|");
		String rows = (args.length > 1) ? "," + args[1] + "," : null;
		List<Situation> situations = situations();
		for (int row = 1; row <= situations.size(); row++) {
			if (rows != null && !rows.contains("," + row + ",")) {
				continue;
			}
			Situation situation = situations.get(row - 1);
			SituationResult result = (scale != null) ? new SituationHttpRun(situation, scale).run()
					: new SituationRun(situation).run();
			System.out.printf(Locale.ROOT, "| %s | %d (%.0f%%) | %d | %d | %.1f%% | %d |%n", result.situation(),
					result.rejected(), result.rejectedPercent(), result.calls(), result.completed(),
					result.bindingUsedPercent(), result.rejectedInRun());
		}
	}

}
