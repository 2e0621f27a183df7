package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;

/**
 * What this budget holds for calls in flight that the provider has not charged, and will
 * charge (or that this budget will give back) when they end.
 * <p>
 * Rule (mirrored by every store): a provider that counts actual output only
 * ({@link ModelLimits.OutputReservation#EXPECTED}, Anthropic's current rule) has charged
 * nothing on its output meters for a call it has not answered, while this budget holds the
 * call's reservation until it settles. Capping such a meter at the provider's remaining
 * must first take off the output held by every such call ({@link #firm firm}: exact,
 * given back at settlement) or the settlement refunds would overshoot. A call the provider
 * has answered (its response was observed, on any provider) has been charged an amount
 * not known here yet, and this budget will give back its reservation less that amount
 * when it settles: its output hold is taken off too, but only until the next figure
 * ({@link #answered provisional}), the safe side of a value not known yet. Other meters
 * are charged at admission by both sides and hold nothing extra.
 */
final class InFlightHolds {

	private static final Meter[] METERS = Meter.values();

	private final boolean outputChargedAtCompletion;

	/**
	 * Creates the rule for a model.
	 * @param limits the model's limits
	 */
	InFlightHolds(ModelLimits limits) {
		this.outputChargedAtCompletion = limits.outputReservation() == ModelLimits.OutputReservation.EXPECTED;
	}

	/**
	 * Whether the provider charges a meter only when a call ends.
	 * @param meter the meter
	 * @return {@code true} for output meters of providers that count actual output
	 */
	boolean chargedAtCompletion(Meter meter) {
		return this.outputChargedAtCompletion && meter.kind() == Meter.Kind.OUTPUT_TOKENS;
	}

	/**
	 * The output held by calls the provider has not answered yet, on meters it charges at
	 * completion.
	 * @param leases the leases held
	 * @return units per meter ordinal
	 */
	double[] firm(LeaseBook leases) {
		double[] held = new double[METERS.length];
		if (this.outputChargedAtCompletion) {
			leases.forEach((lease) -> {
				if (!lease.answered()) {
					addOutput(held, lease.lease().cost());
				}
			});
		}
		return held;
	}

	/**
	 * The output held by calls the provider has answered and this budget has not settled
	 * yet, charged by the provider at an amount unknown here.
	 * @param leases the leases held
	 * @return units per meter ordinal
	 */
	double[] answered(LeaseBook leases) {
		double[] held = new double[METERS.length];
		leases.forEach((lease) -> {
			if (lease.answered()) {
				addOutput(held, lease.lease().cost());
			}
		});
		return held;
	}

	private static void addOutput(double[] held, Cost cost) {
		for (Meter meter : METERS) {
			if (meter.kind() == Meter.Kind.OUTPUT_TOKENS) {
				held[meter.ordinal()] += cost.amount(meter);
			}
		}
	}

}
