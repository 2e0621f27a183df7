package dev.llmratelimit.benchmarks.situations;

/**
 * What one situation gave over its measured minute.
 *
 * @param situation the situation's name
 * @param calls requests the application sent to the provider in the minute
 * @param rejected those the provider answered 429
 * @param rejectedInRun 429s over the whole run, warm-up included
 * @param completed calls completed in the minute
 * @param bindingUsedPercent output tokens served in the minute (the application's and any
 * neighbour's) over what the output meter gave in it (its refill at the limit in force,
 * raises, and what it held at the start but not at the end), in percent, one decimal
 */
public record SituationResult(String situation, long calls, long rejected, long rejectedInRun, long completed,
		double bindingUsedPercent) {

	/**
	 * The share of calls answered 429.
	 * @return the percentage
	 */
	public double rejectedPercent() {
		return (this.calls == 0) ? 0 : 100.0 * this.rejected / this.calls;
	}

}
