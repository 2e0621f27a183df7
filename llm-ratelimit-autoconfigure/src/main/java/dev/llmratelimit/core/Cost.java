package dev.llmratelimit.core;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;

/**
 * Immutable amounts charged to each meter of a model by one call. Amounts set through
 * {@link #of(Map)} or the {@link #builder() builder} are finite, non-negative and at most
 * {@link #MAX_AMOUNT}; only the difference of two costs ({@link #minus(Cost)}) may be
 * negative.
 */
public final class Cost {

	/**
	 * Largest amount a cost may charge to one meter: 2^53, beyond which a {@code double} no
	 * longer holds every whole number. Sums of a few token counts bounded by
	 * {@link Meter#MAX_AMOUNT} stay below it.
	 */
	public static final double MAX_AMOUNT = 0x1p53;

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
		amounts.forEach((meter, amount) -> values[meter.ordinal()] = requireCharge(meter, amount.doubleValue()));
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
	 * Checks that every amount is a valid charge, as a cost computed from others (by
	 * {@link #minus(Cost)}, for example in an accounting rule) may not be.
	 * @param origin what produced this cost, for the message
	 * @return this cost
	 * @throws IllegalArgumentException if an amount is NaN, infinite, negative or above
	 * {@link #MAX_AMOUNT}
	 */
	public Cost requireValid(String origin) {
		for (Meter meter : METERS) {
			double amount = this.amounts[meter.ordinal()];
			if (!isCharge(amount)) {
				throw new IllegalArgumentException(origin + " charged " + amount + " to " + meter.propertyName()
						+ "; a cost must be a finite number between 0 and " + (long) MAX_AMOUNT);
			}
		}
		return this;
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

	private static boolean isCharge(double amount) {
		return amount >= 0 && amount <= MAX_AMOUNT;
	}

	private static double requireCharge(Meter meter, double amount) {
		if (!isCharge(amount)) {
			throw new IllegalArgumentException("Cost on " + meter.propertyName()
					+ " must be a finite number between 0 and " + (long) MAX_AMOUNT + ", was " + amount);
		}
		return amount;
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
		 * @param amount the amount, finite, between 0 and {@link #MAX_AMOUNT}
		 * @return this builder
		 */
		public Builder set(Meter meter, double amount) {
			this.amounts[meter.ordinal()] = requireCharge(meter, amount);
			return this;
		}

		/**
		 * Charges an amount to every meter of a kind.
		 * @param kind the kind of meter
		 * @param amount the amount, finite, between 0 and {@link #MAX_AMOUNT}
		 * @return this builder
		 */
		public Builder setAll(Meter.Kind kind, double amount) {
			for (Meter meter : METERS) {
				if (meter.kind() == kind) {
					this.amounts[meter.ordinal()] = requireCharge(meter, amount);
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
