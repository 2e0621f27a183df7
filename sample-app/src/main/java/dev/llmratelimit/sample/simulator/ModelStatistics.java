package dev.llmratelimit.sample.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * What a simulated model has seen, for tests and benchmarks to compute utilization.
 *
 * @param admitted requests admitted
 * @param rejected requests answered 429
 * @param rejectedBy requests answered 429 per meter that refused them
 * @param activePeriod time from the first request to the latest event
 * @param meters statistics of each enforced meter
 */
public record ModelStatistics(long admitted, long rejected, Map<SimulatedMeter, Long> rejectedBy,
		Duration activePeriod, Map<SimulatedMeter, MeterStatistics> meters) {

	/**
	 * Fraction of a meter used over the active period.
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
