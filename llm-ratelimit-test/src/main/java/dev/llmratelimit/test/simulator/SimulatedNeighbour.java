package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Another application on the same key: it spends one meter of a model at a steady rate, in
 * calls of a fixed size, between two instants. A call that does not fit the meter is
 * refused and not charged. The neighbour's calls touch no other meter and are counted
 * apart from the application's own ({@link ModelStatistics#neighbourCalls()}).
 *
 * @param model the model id
 * @param meter the meter it spends
 * @param unitsPerMinute units it spends per minute
 * @param unitsPerCall units of each call
 * @param start time after the provider was built when it starts
 * @param stop time after the provider was built when it stops
 */
public record SimulatedNeighbour(String model, SimulatedMeter meter, long unitsPerMinute, long unitsPerCall,
		Duration start, Duration stop) {

	/**
	 * Validates the neighbour.
	 */
	public SimulatedNeighbour {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(meter, "meter");
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(stop, "stop");
		if (unitsPerMinute < 1 || unitsPerCall < 1) {
			throw new IllegalArgumentException(
					"unitsPerMinute and unitsPerCall must be positive, were " + unitsPerMinute + " and " + unitsPerCall);
		}
		if (start.isNegative() || stop.compareTo(start) < 0) {
			throw new IllegalArgumentException("Need 0 <= start <= stop, were " + start + " and " + stop);
		}
	}

	/**
	 * A neighbour that spends from the start and never stops.
	 * @param model the model id
	 * @param meter the meter it spends
	 * @param unitsPerMinute units per minute
	 * @param unitsPerCall units per call
	 * @return the neighbour
	 */
	public static SimulatedNeighbour spending(String model, SimulatedMeter meter, long unitsPerMinute,
			long unitsPerCall) {
		return new SimulatedNeighbour(model, meter, unitsPerMinute, unitsPerCall, Duration.ZERO,
				Duration.ofNanos(Long.MAX_VALUE));
	}

	/**
	 * This neighbour, active only between two instants.
	 * @param start time after the provider was built when it starts
	 * @param stop time after the provider was built when it stops
	 * @return a new neighbour
	 */
	public SimulatedNeighbour between(Duration start, Duration stop) {
		return new SimulatedNeighbour(this.model, this.meter, this.unitsPerMinute, this.unitsPerCall, start, stop);
	}

	/**
	 * Time between two of its calls.
	 * @return the interval, at least one nanosecond
	 */
	public long intervalNanos() {
		return Math.max(1, Math.round(60e9 * this.unitsPerCall / this.unitsPerMinute));
	}

}
