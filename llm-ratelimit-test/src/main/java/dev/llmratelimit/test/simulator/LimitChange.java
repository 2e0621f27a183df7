package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A change of a model's limits at a given time after the provider started, such as a tier
 * promotion (every limit doubled) or a cut. A raised limit's extra capacity is available
 * at once; a lowered limit caps what is left in the bucket.
 *
 * @param at time after the provider was built (or reset)
 * @param model the model id
 * @param limits the limits from then on
 */
public record LimitChange(Duration at, String model, SimulatedLimits limits) {

	/**
	 * Validates the change.
	 */
	public LimitChange {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(limits, "limits");
		if (at.isNegative()) {
			throw new IllegalArgumentException("at must not be negative, was " + at);
		}
	}

}
