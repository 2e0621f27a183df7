package dev.llmratelimit.core.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;

/**
 * One rate meter of a local budget kept as a sliding log, the way Azure OpenAI meters:
 * each charge comes back exactly one window after it was made, nothing refills in between,
 * and settling a call gives nothing back. Not thread-safe: guarded by its budget's lock.
 */
final class SlidingWindowMeter extends AbstractLocalMeter {

	private final ArrayDeque<Charge> charges = new ArrayDeque<>();

	private double charged;

	private long nowNanos;

	SlidingWindowMeter(Meter meter, long limit, LimitSource source, long nowNanos) {
		super(meter, limit, source);
		if (this.windowNanos == 0) {
			throw new IllegalArgumentException(meter + " does not refill over a window");
		}
		this.nowNanos = nowNanos;
	}

	@Override
	public double level() {
		return this.limit - this.charged;
	}

	@Override
	public void refill(long nowNanos) {
		this.nowNanos = Math.max(this.nowNanos, nowNanos);
		while (!this.charges.isEmpty() && this.nowNanos - expiry(this.charges.peekFirst()) >= 0) {
			this.charged -= this.charges.pollFirst().amount;
		}
		if (this.charges.isEmpty()) {
			this.charged = 0;
		}
	}

	@Override
	public long nanosUntil(double amount) {
		double level = level();
		if (level + EPSILON >= amount) {
			return 0;
		}
		long lastExpiry = this.nowNanos;
		Iterator<Charge> it = this.charges.iterator();
		while (it.hasNext()) {
			Charge charge = it.next();
			level += charge.amount;
			lastExpiry = expiry(charge);
			if (level + EPSILON >= amount) {
				return lastExpiry - this.nowNanos;
			}
		}
		// still short once the log is empty: calls queued ahead fill further windows
		long windows = (long) Math.ceil((amount - level) / this.limit);
		return lastExpiry - this.nowNanos + windows * this.windowNanos;
	}

	@Override
	public void debit(double amount) {
		if (amount <= 0) {
			return;
		}
		Charge last = this.charges.peekLast();
		if (last != null && last.atNanos == this.nowNanos) {
			last.amount += amount;
		}
		else {
			this.charges.addLast(new Charge(this.nowNanos, amount));
		}
		this.charged += amount;
	}

	@Override
	public boolean credit(double amount) {
		return false;
	}

	@Override
	public void capAt(double remaining) {
		double excess = level() - remaining;
		if (excess > 0) {
			debit(excess);
		}
	}

	@Override
	public boolean refillsContinuously() {
		return false;
	}

	@Override
	public void moveTo(double level) {
		double release = Math.min(level, this.limit) - level();
		if (release <= 0) {
			capAt(level);
			return;
		}
		// the provider has more than this log says: the oldest charges are the ones it forgot
		while (release > 0 && !this.charges.isEmpty()) {
			Charge oldest = this.charges.peekFirst();
			double taken = Math.min(release, oldest.amount);
			oldest.amount -= taken;
			this.charged -= taken;
			release -= taken;
			if (oldest.amount <= 0) {
				this.charges.pollFirst();
			}
		}
		if (this.charges.isEmpty()) {
			this.charged = 0;
		}
	}

	private long expiry(Charge charge) {
		return charge.atNanos + this.windowNanos;
	}

	private static final class Charge {

		private final long atNanos;

		private double amount;

		private Charge(long atNanos, double amount) {
			this.atNanos = atNanos;
			this.amount = amount;
		}

	}

}
