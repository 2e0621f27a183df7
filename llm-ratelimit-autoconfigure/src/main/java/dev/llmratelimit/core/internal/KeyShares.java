package dev.llmratelimit.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.BudgetState.KeyShare;

/**
 * What each key (a tenant) of a {@link LocalBudget} holds of its meters, so that none holds
 * more than the model's share per key. A key's holding on a rate meter is what it was
 * debited, given back at its share of the meter's refill rate, like a bucket of
 * {@code share x limit} inside the model's; on the concurrency meter it is its calls in
 * flight. A call larger than a key's share is admitted only while the key holds nothing,
 * so that it still gets through. Keys that hold nothing are forgotten; at most
 * {@value #MAX_KEYS} keys are tracked, and beyond that new keys share one holding, so
 * memory stays bounded whatever keys callers send. Not thread-safe: guarded by its
 * budget's lock.
 */
final class KeyShares {

	/** Most keys tracked one by one. */
	static final int MAX_KEYS = 10_000;

	/** Key shared by the keys that arrive while {@value #MAX_KEYS} are tracked. */
	static final String OVERFLOW_KEY = "(other keys)";

	private static final Meter[] METERS = Meter.values();

	private final double share;

	/** Empty and immutable when keys are not capped: nothing is ever held then. */
	private final Map<String, Holding> holdings;

	/**
	 * Creates the shares.
	 * @param share the largest share of any meter one key may hold; 1 caps nothing
	 */
	KeyShares(double share) {
		this.share = share;
		this.holdings = capped() ? new HashMap<>() : Map.of();
	}

	/** Whether keys are capped at all. */
	boolean capped() {
		return this.share < 1;
	}

	/**
	 * Whether a key can take {@code cost} and stay within its share of every meter.
	 * @param key the key, or {@code null} for none
	 * @param cost the cost
	 * @param meters the model's meters
	 * @param now the current time
	 * @return {@code true} when the key may pay
	 */
	boolean canPay(String key, Cost cost, MeterSet meters, long now) {
		Holding holding = holding(key, meters, now, false);
		if (holding == null || holding.isEmpty()) {
			return true;
		}
		for (Meter meter : METERS) {
			LocalMeter local = meters.get(meter);
			double amount = cost.amount(meter);
			if (local != null && amount > 0 && holding.used[meter.ordinal()] + amount > cap(local)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * How long until a key can take {@code cost} within its share.
	 * @param key the key, or {@code null} for none
	 * @param cost the cost
	 * @param meters the model's meters
	 * @param now the current time
	 * @return the wait, zero when it can now, or {@link Admission#UNKNOWN_WAIT} when calls
	 * in flight must end first
	 */
	long nanosUntil(String key, Cost cost, MeterSet meters, long now) {
		Holding holding = holding(key, meters, now, false);
		if (holding == null || holding.isEmpty()) {
			return 0;
		}
		long wait = 0;
		for (Meter meter : METERS) {
			LocalMeter local = meters.get(meter);
			double amount = cost.amount(meter);
			double excess = (local != null && amount > 0)
					? holding.used[meter.ordinal()] + Math.min(amount, cap(local)) - cap(local) : 0;
			if (excess > 0) {
				if (meter.window().isEmpty()) {
					return Admission.UNKNOWN_WAIT;
				}
				double ratePerNano = cap(local) / meter.window().get().toNanos();
				wait = Math.max(wait, (long) Math.ceil(excess / ratePerNano));
			}
		}
		return wait;
	}

	/**
	 * Charges a key what an admitted call costs.
	 * @param key the key, or {@code null} for none
	 * @param cost the cost
	 * @param meters the model's meters
	 * @param now the current time
	 * @return the key the charge was recorded under (the overflow key when too many keys
	 * are tracked), or {@code null} when none was
	 */
	String debit(String key, Cost cost, MeterSet meters, long now) {
		Holding holding = holding(key, meters, now, true);
		if (holding == null) {
			return null;
		}
		// only limited meters: nothing would give back what an unlimited one holds
		for (Meter meter : METERS) {
			if (meters.get(meter) != null) {
				holding.used[meter.ordinal()] += cost.amount(meter);
			}
		}
		return holding.key;
	}

	/**
	 * Gives back to a key what a settled call did not use (or charges what it used beyond).
	 * @param key the key the call was charged under
	 * @param refund what to give back per meter
	 * @param meters the model's meters
	 * @param now the current time
	 */
	void refund(String key, Cost refund, MeterSet meters, long now) {
		Holding holding = holding(key, meters, now, false);
		if (holding != null) {
			for (Meter meter : METERS) {
				double used = holding.used[meter.ordinal()] - refund.amount(meter);
				holding.used[meter.ordinal()] = Math.max(0, used);
			}
		}
	}

	/**
	 * Gives back the concurrency slot a key held for a call that will never settle.
	 * @param key the key the call was charged under
	 * @param cost what the call was debited
	 * @param meters the model's meters
	 * @param now the current time
	 */
	void releaseConcurrency(String key, Cost cost, MeterSet meters, long now) {
		refund(key, Cost.of(Map.of(Meter.CONCURRENT_REQUESTS, cost.amount(Meter.CONCURRENT_REQUESTS))), meters, now);
	}

	/**
	 * The keys holding at least {@code fraction} of their share of some meter, the fullest
	 * first.
	 * @param meters the model's meters
	 * @param now the current time
	 * @param fraction how full a share must be, such as 0.8
	 * @param limit most keys to list
	 * @return the keys with the meter they hold most of
	 */
	List<KeyShare> nearShare(MeterSet meters, long now, double fraction, int limit) {
		List<KeyShare> near = new ArrayList<>();
		for (Holding holding : this.holdings.values()) {
			holding.decay(meters, now, this);
			KeyShare fullest = null;
			for (Meter meter : METERS) {
				LocalMeter local = meters.get(meter);
				if (local != null) {
					double held = holding.used[meter.ordinal()] / local.limit();
					if (held >= fraction * this.share && (fullest == null || held > fullest.share())) {
						fullest = new KeyShare(holding.key, meter, held, this.share);
					}
				}
			}
			if (fullest != null) {
				near.add(fullest);
			}
		}
		near.sort(Comparator.comparingDouble(KeyShare::share).reversed().thenComparing(KeyShare::key));
		return (near.size() > limit) ? List.copyOf(near.subList(0, limit)) : List.copyOf(near);
	}

	/** How many keys are tracked one by one. */
	int size() {
		return this.holdings.size();
	}

	private double cap(LocalMeter meter) {
		return this.share * meter.limit();
	}

	/**
	 * The holding of a key: its own while it is tracked or there is room to track it, the
	 * shared overflow holding while {@value #MAX_KEYS} keys hold something.
	 */
	private Holding holding(String key, MeterSet meters, long now, boolean create) {
		if (key == null || !capped()) {
			return null;
		}
		Holding holding = this.holdings.get(key);
		if (holding == null && this.holdings.size() >= MAX_KEYS) {
			forgetEmpty(meters, now);
			if (this.holdings.size() >= MAX_KEYS) {
				holding = this.holdings.get(OVERFLOW_KEY);
				if (holding == null && create) {
					forgetEmptiest();
					holding = new Holding(OVERFLOW_KEY, now);
					this.holdings.put(OVERFLOW_KEY, holding);
				}
			}
		}
		if (holding == null && create) {
			holding = new Holding(key, now);
			this.holdings.put(key, holding);
		}
		if (holding != null) {
			holding.decay(meters, now, this);
		}
		return holding;
	}

	private void forgetEmpty(MeterSet meters, long now) {
		Iterator<Holding> it = this.holdings.values().iterator();
		while (it.hasNext()) {
			Holding holding = it.next();
			holding.decay(meters, now, this);
			if (holding.isEmpty()) {
				it.remove();
			}
		}
	}

	private void forgetEmptiest() {
		this.holdings.values()
			.stream()
			.filter((holding) -> !OVERFLOW_KEY.equals(holding.key))
			.min(Comparator.comparingDouble(Holding::total))
			.ifPresent((holding) -> this.holdings.remove(holding.key));
	}

	/** What one key holds, per meter ordinal. */
	private static final class Holding {

		private final String key;

		private final double[] used = new double[METERS.length];

		private long updatedNanos;

		Holding(String key, long now) {
			this.key = key;
			this.updatedNanos = now;
		}

		/** Gives back what refilled since the last look, at the key's share of each rate. */
		void decay(MeterSet meters, long now, KeyShares shares) {
			long elapsed = now - this.updatedNanos;
			if (elapsed <= 0) {
				return;
			}
			this.updatedNanos = now;
			for (Meter meter : METERS) {
				LocalMeter local = meters.get(meter);
				if (local != null && meter.window().isPresent() && this.used[meter.ordinal()] > 0) {
					double refilled = shares.cap(local) * elapsed / meter.window().get().toNanos();
					this.used[meter.ordinal()] = Math.max(0, this.used[meter.ordinal()] - refilled);
				}
			}
		}

		boolean isEmpty() {
			for (double amount : this.used) {
				if (amount > 1e-9) {
					return false;
				}
			}
			return true;
		}

		double total() {
			double total = 0;
			for (double amount : this.used) {
				total += amount;
			}
			return total;
		}

	}

}
