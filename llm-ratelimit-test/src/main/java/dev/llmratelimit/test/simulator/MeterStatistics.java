package dev.llmratelimit.test.simulator;

import java.time.Duration;

/**
 * What one meter of a simulated model has seen.
 *
 * @param limit the limit per minute now
 * @param consumed units charged so far, net of refunds, the neighbour's included (for
 * output tokens with reservation: the actual output of completed calls plus what calls in
 * flight reserved)
 * @param level units available now
 * @param lowestLevel the lowest level the meter reached
 * @param neighbourConsumed units a {@link SimulatedNeighbour} spent, part of
 * {@code consumed}
 */
public record MeterStatistics(long limit, double consumed, double level, double lowestLevel,
		double neighbourConsumed) {

	/**
	 * Fraction of the meter used over a period that started with a full bucket: consumed
	 * units divided by the most the meter could have given (the full bucket plus its refill
	 * over the period), for a limit that did not change.
	 * @param period how long the meter was in use
	 * @return the fraction, normally between 0 and 1
	 */
	public double utilization(Duration period) {
		double capacity = this.limit + this.limit * (period.toNanos() / 60e9);
		return this.consumed / capacity;
	}

	/**
	 * Fraction of the bucket in use at its fullest moment.
	 * @return 1 minus the lowest level over the limit
	 */
	public double peakUtilization() {
		return 1 - this.lowestLevel / this.limit;
	}

}
