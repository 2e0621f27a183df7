package dev.llmratelimit.benchmarks.utilization;

import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.test.simulator.MeterStatistics;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedMeter;

/**
 * What the simulated provider had served at one instant. Tokens are counted when a call
 * is reconciled, so they are actual tokens, never reservations.
 *
 * @param atNanos the simulated instant
 * @param completed calls completed
 * @param inputTokens input tokens of completed calls
 * @param outputTokens output tokens of completed calls
 * @param rejected requests refused with 429
 * @param outputHeld what the output meter holds: its available level plus the
 * {@code max_tokens} it keeps reserved for calls in flight
 * @param rejectedBy requests refused with 429, by the meter that refused them
 */
public record ServedCounters(long atNanos, long completed, long inputTokens, long outputTokens, long rejected,
		double outputHeld, Map<SimulatedMeter, Long> rejectedBy) {

	/**
	 * The counters of a model's statistics.
	 * @param atNanos the simulated instant the statistics were read at
	 * @param statistics the model's statistics
	 * @return the counters
	 */
	public static ServedCounters of(long atNanos, ModelStatistics statistics) {
		MeterStatistics output = statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS);
		// the meter's consumed units are the actual output of completed calls, what calls in
		// flight reserved and what neighbours spent
		double reservedInFlight = output.consumed() - output.neighbourConsumed() - statistics.outputTokens();
		return new ServedCounters(atNanos, statistics.completed(), statistics.inputTokens(),
				statistics.outputTokens(), statistics.rejected(), output.level() + reservedInFlight,
				statistics.rejectedBy());
	}

	/**
	 * What was served between an earlier snapshot and this one; {@link #outputHeld()}
	 * becomes how much the output meter's holding shrank.
	 * @param earlier the earlier snapshot
	 * @return the differences
	 */
	public ServedCounters since(ServedCounters earlier) {
		Map<SimulatedMeter, Long> rejections = new EnumMap<>(SimulatedMeter.class);
		rejections.putAll(this.rejectedBy);
		earlier.rejectedBy.forEach((meter, count) -> rejections.merge(meter, -count, Long::sum));
		return new ServedCounters(this.atNanos - earlier.atNanos, this.completed - earlier.completed,
				this.inputTokens - earlier.inputTokens, this.outputTokens - earlier.outputTokens,
				this.rejected - earlier.rejected, earlier.outputHeld - this.outputHeld, rejections);
	}

	/**
	 * Share of an output meter used over a window (a difference of snapshots): the actual
	 * output over what the meter could give in the window, its refill plus the shrinking of
	 * what it held, so that a bucket fuller or emptier at one end of the window than at
	 * the other does not count as use or waste.
	 * @param outputTokensPerMinute the meter's limit
	 * @return the fraction, between 0 and 1 up to rounding
	 */
	public double outputUtilization(long outputTokensPerMinute) {
		double refill = outputTokensPerMinute * (this.atNanos / 60e9);
		return this.outputTokens / (refill + this.outputHeld);
	}

}
