package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Lease;

/**
 * Answer of a {@link Budget} to a request for budget: granted now, queued with an estimated
 * wait, or rejected. Like Bucket4j's {@code ConsumptionProbe}, it carries what the caller
 * needs next.
 */
public final class Admission {

	/** Wait reported when it depends on other calls finishing, not on time. */
	public static final long UNKNOWN_WAIT = -1;

	private final Status status;

	private final Lease lease;

	private final Ticket ticket;

	private final Meter meter;

	private final long waitNanos;

	private final long limit;

	private final long recheckNanos;

	private Admission(Status status, Lease lease, Ticket ticket, Meter meter, long waitNanos, long limit,
			long recheckNanos) {
		this.status = status;
		this.lease = lease;
		this.ticket = ticket;
		this.meter = meter;
		this.waitNanos = waitNanos;
		this.limit = limit;
		this.recheckNanos = recheckNanos;
	}

	/**
	 * Budget was debited; the call may go.
	 * @param lease the lease to settle later
	 * @return the admission
	 */
	public static Admission granted(Lease lease) {
		return new Admission(Status.GRANTED, lease, null, null, 0, 0, UNKNOWN_WAIT);
	}

	/**
	 * The call holds a place in the queue.
	 * @param ticket the place
	 * @param meter the meter that makes it wait, or {@code null} for a cooldown
	 * @param waitNanos estimated wait, or {@link #UNKNOWN_WAIT}
	 * @return the admission
	 */
	public static Admission queued(Ticket ticket, Meter meter, long waitNanos) {
		return queued(ticket, meter, waitNanos, UNKNOWN_WAIT);
	}

	/**
	 * The call holds a place in the queue and should look again by a given time even if
	 * nothing wakes it: a wait of unknown length ends at the latest when a lease held
	 * expires, which nothing announces.
	 * @param ticket the place
	 * @param meter the meter that makes it wait, or {@code null} for a cooldown
	 * @param waitNanos estimated wait, or {@link #UNKNOWN_WAIT}
	 * @param recheckNanos when to look again, or {@link #UNKNOWN_WAIT} for only when woken
	 * @return the admission
	 */
	public static Admission queued(Ticket ticket, Meter meter, long waitNanos, long recheckNanos) {
		return new Admission(Status.QUEUED, null, ticket, meter, waitNanos, 0, recheckNanos);
	}

	/**
	 * The call would wait longer than it may; nothing was debited or queued.
	 * @param meter the binding meter, or {@code null} for a cooldown
	 * @param waitNanos how long it would have had to wait, or {@link #UNKNOWN_WAIT}
	 * @return the admission
	 */
	public static Admission rejected(Meter meter, long waitNanos) {
		return new Admission(Status.REJECTED, null, null, meter, waitNanos, 0, UNKNOWN_WAIT);
	}

	/**
	 * The call costs more than the meter's capacity and can never be admitted.
	 * @param meter the meter too small for the call
	 * @param limit the meter's capacity
	 * @return the admission
	 */
	public static Admission tooLarge(Meter meter, long limit) {
		return new Admission(Status.TOO_LARGE, null, null, meter, UNKNOWN_WAIT, limit, UNKNOWN_WAIT);
	}

	/**
	 * What the budget decided.
	 * @return the status
	 */
	public Status status() {
		return this.status;
	}

	/**
	 * Lease of a granted call.
	 * @return the lease, or {@code null} unless {@link Status#GRANTED}
	 */
	public Lease lease() {
		return this.lease;
	}

	/**
	 * Ticket of a queued call.
	 * @return the ticket, or {@code null} unless {@link Status#QUEUED}
	 */
	public Ticket ticket() {
		return this.ticket;
	}

	/**
	 * Meter that makes the call wait or refuses it.
	 * @return the meter, or {@code null} when granted or held by a cooldown
	 */
	public Meter meter() {
		return this.meter;
	}

	/**
	 * The same place in a queue, reported under another ticket (a store that keeps its
	 * own tickets behind the caller's).
	 * @param ticket the caller's ticket
	 * @return the queued admission, with this one's meter, wait and recheck time
	 */
	public Admission queuedAs(Ticket ticket) {
		return queued(ticket, this.meter, this.waitNanos, this.recheckNanos);
	}

	/**
	 * When a queued call should look again even if nothing wakes it.
	 * @return nanoseconds, or {@link #UNKNOWN_WAIT} when only a wake-up or its estimated
	 * wait can change its answer
	 */
	public long recheckNanos() {
		return this.recheckNanos;
	}

	/**
	 * Estimated wait of a queued or rejected call.
	 * @return nanoseconds, or {@link #UNKNOWN_WAIT}
	 */
	public long waitNanos() {
		return this.waitNanos;
	}

	/**
	 * Capacity of the meter a too-large call does not fit.
	 * @return the limit, zero unless {@link Status#TOO_LARGE}
	 */
	public long limit() {
		return this.limit;
	}

	@Override
	public String toString() {
		return "Admission[" + this.status + ", meter=" + this.meter + ", waitNanos=" + this.waitNanos + "]";
	}

	/**
	 * Outcome of a request for budget.
	 */
	public enum Status {

		/** Debited; the call may go. */
		GRANTED,

		/** Waiting in the queue. */
		QUEUED,

		/** Would wait too long; nothing debited. */
		REJECTED,

		/** Can never fit. */
		TOO_LARGE

	}

}
