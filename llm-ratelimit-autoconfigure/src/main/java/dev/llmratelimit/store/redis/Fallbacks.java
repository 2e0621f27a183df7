package dev.llmratelimit.store.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;

/**
 * The fallback of one model's failover budget for the outage under way: built when a call
 * first needs it, from the shared level this instance last read, with this instance's
 * listeners; given the refunds of Redis leases settled while Redis is down; retired when
 * Redis is back, so that the next outage builds a new one under a new id prefix.
 * Thread-safe: the fallback is built and retired, and listeners added, under one lock;
 * callers read the current one without it.
 */
final class Fallbacks {

	private static final String PREFIX = "fallback:";

	private final Function<KnownSharedLevel.Estimate, Budget> factory;

	private final KnownSharedLevel shared;

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	/** Refunds of Redis leases settled during this outage, not yet given to the fallback. */
	private final FallbackSpending refunds = new FallbackSpending();

	private volatile Fallback current;

	private int generation;

	Fallbacks(Function<KnownSharedLevel.Estimate, Budget> factory, KnownSharedLevel shared) {
		this.factory = factory;
		this.shared = shared;
	}

	/**
	 * Whether an id was issued by a fallback, of this outage or an earlier one.
	 * @param id a lease or ticket id
	 * @return whether it is a fallback's
	 */
	static boolean isFallback(String id) {
		return id.startsWith(PREFIX);
	}

	/**
	 * The fallback of the outage under way.
	 * @return the fallback, or {@code null} when none was needed since Redis was last back
	 */
	Fallback current() {
		return this.current;
	}

	/**
	 * The fallback of the outage under way, built now if no call needed one yet.
	 * @return the fallback
	 */
	Fallback currentOrNew() {
		Fallback current = this.current;
		if (current == null) {
			synchronized (this.listeners) {
				current = this.current;
				if (current == null) {
					Budget budget = this.factory.apply(this.shared.estimate());
					this.listeners.forEach(budget::addListener);
					current = new Fallback(budget, PREFIX + (++this.generation) + ":");
					this.current = current;
					creditRefunds(current);
				}
			}
		}
		return current;
	}

	/**
	 * Adds a listener to every fallback, the current one and those built later.
	 * @param listener the listener
	 */
	void addListener(BudgetListener listener) {
		synchronized (this.listeners) {
			this.listeners.add(listener);
			Fallback current = this.current;
			if (current != null) {
				current.budget().addListener(listener);
			}
		}
	}

	/**
	 * Gives the fallback the refund of a Redis lease settled while Redis is down, now if
	 * there is one, else when it is built.
	 * @param refund per meter, in {@link Meter} ordinal order
	 */
	void refund(double[] refund) {
		this.refunds.add(refund);
		Fallback current = this.current;
		if (current != null) {
			creditRefunds(current);
		}
	}

	/**
	 * Retires the fallback once Redis is back, and drops the refunds it was not given:
	 * Redis learns of them from the settlements replayed.
	 */
	void retire() {
		synchronized (this.listeners) {
			this.current = null;
		}
		this.refunds.drain();
	}

	/**
	 * Gives the fallback the refunds of this instance's Redis leases settled while Redis is
	 * down (Redis learns of them only when it is back). The whole refund, not a share of
	 * it: the other instances never learn of it, so a share would leave the rest unused by
	 * anyone for the whole outage; and the shares' levels still add up to no more than the
	 * shared level with every refund (each instance gives back only its own calls').
	 */
	private void creditRefunds(Fallback fallback) {
		if (fallback.budget() instanceof InstanceShare share) {
			double[] refunds = this.refunds.drain();
			if (!FallbackSpending.isZero(refunds)) {
				Cost.Builder refund = Cost.builder();
				for (Meter meter : Meter.values()) {
					refund.set(meter, refunds[meter.ordinal()]);
				}
				share.credit(refund.build());
			}
		}
	}

}
