package dev.llmratelimit.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.llmratelimit.Meter;

/**
 * The strict FIFO line of a {@link LocalBudget}: calls that could not be admitted at once
 * wait here for their turn, and a call that was served (granted, or found too large after a
 * limit shrank) keeps its answer until its caller polls for it. Not thread-safe: guarded
 * by its budget's lock.
 */
final class WaitQueue {

	private static final Meter[] METERS = Meter.values();

	private final ArrayDeque<Waiter> line = new ArrayDeque<>();

	private final Map<String, Waiter> waiters = new HashMap<>();

	/**
	 * Puts a call at the end of the line.
	 * @param ticket the call's ticket
	 */
	void join(Ticket ticket) {
		Waiter waiter = new Waiter(ticket);
		this.line.addLast(waiter);
		this.waiters.put(ticket.id(), waiter);
	}

	/**
	 * The waiter holding a ticket, in line or served and not yet collected.
	 * @param id the ticket id
	 * @return the waiter, or {@code null} when unknown or collected
	 */
	Waiter find(String id) {
		return this.waiters.get(id);
	}

	/**
	 * Forgets a served waiter once its caller has its answer.
	 * @param id the ticket id
	 */
	void collect(String id) {
		this.waiters.remove(id);
	}

	/**
	 * Takes a waiter out, whether it is still in line or already served.
	 * @param id the ticket id
	 * @return the waiter, or {@code null} when unknown or collected
	 */
	Waiter leave(String id) {
		Waiter waiter = this.waiters.remove(id);
		if (waiter != null && waiter.lease == null) {
			this.line.remove(waiter);
		}
		return waiter;
	}

	/**
	 * Whether a waiter is first in line.
	 * @param waiter the waiter
	 * @return {@code true} for the head of the line
	 */
	boolean isHead(Waiter waiter) {
		return this.line.peekFirst() == waiter;
	}

	/** Whether nobody waits in line. */
	boolean isEmpty() {
		return this.line.isEmpty();
	}

	/** How many wait in line. */
	int size() {
		return this.line.size();
	}

	/**
	 * Serves the line from its head: a head that no longer fits is answered too large and
	 * leaves; a head that can be admitted gets its lease and leaves; serving stops at the
	 * first head that must still wait.
	 * @param tooLarge the too-large answer for a cost, or {@code null} when it fits
	 * @param admit a lease for a cost when it can be admitted now, or {@code null}
	 * @return whether any waiter was served
	 */
	boolean serve(Function<Cost, Admission> tooLarge, Function<Cost, Lease> admit) {
		boolean served = false;
		while (!this.line.isEmpty()) {
			Waiter head = this.line.peekFirst();
			Admission refused = tooLarge.apply(head.ticket.cost());
			if (refused == null) {
				Lease lease = admit.apply(head.ticket.cost());
				if (lease == null) {
					return served;
				}
				head.lease = lease;
			}
			else {
				head.tooLarge = refused;
			}
			this.line.pollFirst();
			served = true;
		}
		return served;
	}

	/**
	 * What has to be paid before a call can go: the cost of everyone ahead of
	 * {@code target} and its own, or of the whole line and {@code extra} appended at its end.
	 * @param target a waiter in line, or {@code null}
	 * @param extra a call that would join the end, or {@code null}
	 * @return cost per meter ordinal and the call's own cost
	 */
	Ahead ahead(Waiter target, Cost extra) {
		double[] sums = new double[METERS.length];
		Cost last = extra;
		for (Waiter waiter : this.line) {
			add(sums, waiter.ticket.cost());
			if (waiter == target) {
				last = waiter.ticket.cost();
				break;
			}
		}
		if (extra != null) {
			add(sums, extra);
		}
		return new Ahead(sums, last);
	}

	private static void add(double[] sums, Cost cost) {
		for (Meter meter : METERS) {
			sums[meter.ordinal()] += cost.amount(meter);
		}
	}

	/**
	 * What has to be paid before a call can go.
	 *
	 * @param perMeter cost per meter ordinal of the calls ahead and the call
	 * @param own the call's own cost, or {@code null}
	 */
	record Ahead(double[] perMeter, Cost own) {
	}

	/** A call in line, then its answer once served. */
	static final class Waiter {

		private final Ticket ticket;

		private Lease lease;

		private Admission tooLarge;

		private Waiter(Ticket ticket) {
			this.ticket = ticket;
		}

		/** The lease granted when served, or {@code null}. */
		Lease lease() {
			return this.lease;
		}

		/** The too-large answer when the call stopped fitting, or {@code null}. */
		Admission tooLarge() {
			return this.tooLarge;
		}

	}

}
