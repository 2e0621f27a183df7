package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * What a simulated model has seen, for tests and benchmarks: what it admitted, what it
 * refused and why, what it served.
 *
 * @param admitted requests admitted
 * @param rejected requests answered 429
 * @param rejectedBy requests answered 429 per meter that refused them
 * @param completed admitted calls completed
 * @param inputTokens input tokens of completed calls
 * @param outputTokens output tokens of completed calls
 * @param neighbourCalls calls of {@link SimulatedNeighbour}s admitted
 * @param neighbourRejected calls of {@link SimulatedNeighbour}s refused
 * @param activePeriod time from the first request to the latest event
 * @param meters statistics of each enforced meter
 */
public record ModelStatistics(long admitted, long rejected, Map<SimulatedMeter, Long> rejectedBy, long completed,
		long inputTokens, long outputTokens, long neighbourCalls, long neighbourRejected, Duration activePeriod,
		Map<SimulatedMeter, MeterStatistics> meters) {

	/**
	 * Requests a meter refused.
	 * @param meter the meter
	 * @return the number of 429s it caused
	 */
	public long rejectedBy(SimulatedMeter meter) {
		return this.rejectedBy.getOrDefault(meter, 0L);
	}

	/**
	 * Fraction of a meter used over the active period, for a limit that did not change.
	 * @param meter an enforced meter
	 * @return the fraction, normally between 0 and 1
	 * @see MeterStatistics#utilization(Duration)
	 */
	public double utilization(SimulatedMeter meter) {
		MeterStatistics statistics = this.meters.get(meter);
		if (statistics == null) {
			throw new IllegalArgumentException("Meter " + meter.propertyName() + " is not enforced");
		}
		return statistics.utilization(this.activePeriod);
	}

}
