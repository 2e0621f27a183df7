package dev.llmratelimit.store.redis;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;

/**
 * Spending per meter, in {@link Meter} ordinal order, added up until drained: what a
 * fallback admitted and Redis has not been charged yet, or all Redis granted an instance.
 * Concurrency is not spending: it comes back when calls settle.
 */
final class FallbackSpending {

	private static final Meter[] METERS = Meter.values();

	private double[] amounts = new double[METERS.length];

	private boolean empty = true;

	/** Per meter but concurrency, {@code minuend} less {@code subtrahend}. */
	static double[] difference(Cost minuend, Cost subtrahend) {
		double[] difference = new double[METERS.length];
		for (Meter meter : METERS) {
			if (meter != Meter.CONCURRENT_REQUESTS) {
				difference[meter.ordinal()] = minuend.amount(meter) - subtrahend.amount(meter);
			}
		}
		return difference;
	}

	synchronized void add(double[] amounts) {
		for (int i = 0; i < amounts.length; i++) {
			this.amounts[i] += amounts[i];
		}
		this.empty = false;
	}

	synchronized double[] drain() {
		double[] drained = this.amounts;
		this.amounts = new double[METERS.length];
		this.empty = true;
		return drained;
	}

	/** What was added so far, without draining it. */
	synchronized double[] amounts() {
		return this.amounts.clone();
	}

	static boolean isZero(double[] amounts) {
		for (double amount : amounts) {
			if (amount != 0) {
				return false;
			}
		}
		return true;
	}

	synchronized boolean isEmpty() {
		return this.empty;
	}

}
