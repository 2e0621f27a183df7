package dev.llmratelimit.core;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * Immutable amounts charged to each meter of a model by one call.
 */
public final class Cost {

	private static final Meter[] METERS = Meter.values();

	/** A cost of nothing on every meter. */
	public static final Cost ZERO = new Cost(new double[METERS.length]);

	private final double[] amounts;

	private Cost(double[] amounts) {
		this.amounts = amounts;
	}

	/**
	 * Creates a cost from amounts per meter; meters not in the map cost nothing.
	 * @param amounts amount per meter
	 * @return the cost
	 */
	public static Cost of(Map<Meter, ? extends Number> amounts) {
		double[] values = new double[METERS.length];
		amounts.forEach((meter, amount) -> values[meter.ordinal()] = amount.doubleValue());
		return new Cost(values);
	}

	/**
	 * Starts building a cost.
	 * @return a builder charging nothing
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Amount charged to a meter.
	 * @param meter the meter
	 * @return the amount, zero when the meter is not charged
	 */
	public double amount(Meter meter) {
		return this.amounts[meter.ordinal()];
	}

	/**
	 * This cost minus another, meter by meter.
	 * @param other the cost to subtract
	 * @return the difference (may be negative)
	 */
	public Cost minus(Cost other) {
		double[] values = new double[METERS.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.amounts[i] - other.amounts[i];
		}
		return new Cost(values);
	}

	/**
	 * This cost plus another, meter by meter.
	 * @param other the cost to add
	 * @return the sum
	 */
	public Cost plus(Cost other) {
		double[] values = new double[METERS.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.amounts[i] + other.amounts[i];
		}
		return new Cost(values);
	}

	/**
	 * The amounts as a map, leaving out meters charged nothing.
	 * @return amount per charged meter
	 */
	public Map<Meter, Double> asMap() {
		Map<Meter, Double> map = new EnumMap<>(Meter.class);
		for (Meter meter : METERS) {
			if (this.amounts[meter.ordinal()] != 0) {
				map.put(meter, this.amounts[meter.ordinal()]);
			}
		}
		return map;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Cost that && Arrays.equals(this.amounts, that.amounts));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.amounts);
	}

	@Override
	public String toString() {
		return "Cost" + asMap();
	}

	/**
	 * Builds a {@link Cost}.
	 */
	public static final class Builder {

		private final double[] amounts = new double[METERS.length];

		private Builder() {
		}

		/**
		 * Charges an amount to a meter, replacing what was set before.
		 * @param meter the meter
		 * @param amount the amount
		 * @return this builder
		 */
		public Builder set(Meter meter, double amount) {
			this.amounts[meter.ordinal()] = amount;
			return this;
		}

		/**
		 * Charges an amount to every meter of a kind.
		 * @param kind the kind of meter
		 * @param amount the amount
		 * @return this builder
		 */
		public Builder setAll(Meter.Kind kind, double amount) {
			for (Meter meter : METERS) {
				if (meter.kind() == kind) {
					this.amounts[meter.ordinal()] = amount;
				}
			}
			return this;
		}

		/**
		 * Builds the cost.
		 * @return the cost
		 */
		public Cost build() {
			return new Cost(this.amounts.clone());
		}

	}

}
