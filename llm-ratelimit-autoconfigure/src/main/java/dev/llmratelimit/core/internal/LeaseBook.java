package dev.llmratelimit.core.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

import dev.llmratelimit.core.Lease;

/**
 * The leases a {@link LocalBudget} has granted and not yet seen settled, in the order they
 * were granted (which is also the order they expire, all having the same timeout). Each
 * remembers when it was admitted, when its request left for the provider (when a hook
 * says so), which meters paid for it and whether the provider has answered it yet. Not
 * thread-safe: guarded by its budget's lock.
 */
final class LeaseBook {

	private final LinkedHashMap<String, HeldLease> leases = new LinkedHashMap<>();

	/** What {@link #leftAt} answers for a request that has not left yet. */
	static final long NOT_LEFT = Long.MAX_VALUE;

	private final long timeoutNanos;

	/** Whether a hook has said when a request left: then every request says so. */
	private boolean reportsSending;

	/**
	 * Creates an empty book.
	 * @param timeoutNanos how long an unsettled lease holds its budget before it expires
	 */
	LeaseBook(long timeoutNanos) {
		this.timeoutNanos = timeoutNanos;
	}

	/**
	 * Records a lease granted at {@code now}.
	 * @param lease the lease
	 * @param now the admission instant
	 * @param debited the meters that paid for it, indexed by meter ordinal
	 */
	void open(Lease lease, long now, LocalMeter[] debited) {
		this.leases.put(lease.id(), new HeldLease(lease, now, now + this.timeoutNanos, debited));
	}

	/**
	 * Takes a lease out of the book.
	 * @param id the lease id
	 * @return the lease, or {@code null} when it was settled or expired before
	 */
	HeldLease close(String id) {
		return this.leases.remove(id);
	}

	/**
	 * Whether a lease is still held.
	 * @param id the lease id
	 * @return {@code true} until it is settled or expires
	 */
	boolean holds(String id) {
		return this.leases.containsKey(id);
	}

	/**
	 * When a held lease was admitted.
	 * @param id the lease id
	 * @return the admission instant, or {@link Long#MIN_VALUE} when the lease is not held
	 */
	long admittedAt(String id) {
		HeldLease held = this.leases.get(id);
		return (held != null) ? held.admittedAtNanos() : Long.MIN_VALUE;
	}

	/**
	 * Records that the provider answered a held lease's call: its response was observed,
	 * so the provider has counted the call.
	 * @param id the lease id; unknown ids are ignored
	 */
	void answered(String id) {
		HeldLease held = this.leases.get(id);
		if (held != null) {
			held.answered = true;
		}
	}

	/**
	 * Records that a held lease's request is leaving for the provider now. From then on
	 * this book takes every request to be reported so: a held lease whose request has not
	 * been reported sent has not left yet (see {@link #leftAt(HeldLease)}).
	 * @param id the lease id; unknown ids are ignored
	 * @param now the instant the request leaves
	 */
	void sent(String id, long now) {
		HeldLease held = this.leases.get(id);
		if (held != null) {
			held.sentAtNanos = now;
			held.sent = true;
			this.reportsSending = true;
		}
	}

	/**
	 * When a held lease's request left for the provider.
	 * @param id the lease id
	 * @return the instant (see {@link #leftAt(HeldLease)}), or {@link Long#MIN_VALUE} when
	 * the lease is not held
	 */
	long leftAt(String id) {
		HeldLease held = this.leases.get(id);
		return (held != null) ? leftAt(held) : Long.MIN_VALUE;
	}

	/**
	 * When a held lease's request left for the provider: the instant a hook reported it sent
	 * (the latest, when sent again); {@link #NOT_LEFT} when it was not reported sent while
	 * other requests were (it is still on its way out of this application); the admission
	 * instant when no request was ever reported sent (the integration cannot tell).
	 * @param held a held lease
	 * @return the instant, or {@link #NOT_LEFT}
	 */
	long leftAt(HeldLease held) {
		if (held.sent) {
			return held.sentAtNanos;
		}
		return this.reportsSending ? NOT_LEFT : held.admittedAtNanos;
	}

	/**
	 * Hands every held lease whose call the provider has not answered yet to
	 * {@code action}, oldest first.
	 * @param action told about each lease
	 */
	void forEachUnanswered(Consumer<HeldLease> action) {
		this.leases.values().forEach((held) -> {
			if (!held.answered) {
				action.accept(held);
			}
		});
	}

	/**
	 * A held lease.
	 * @param id the lease id
	 * @return the lease, or {@code null} when it is not held
	 */
	Lease lease(String id) {
		HeldLease held = this.leases.get(id);
		return (held != null) ? held.lease() : null;
	}

	/**
	 * Hands every held lease to {@code action}, oldest first.
	 * @param action told about each lease
	 */
	void forEach(Consumer<HeldLease> action) {
		this.leases.values().forEach(action);
	}

	/**
	 * How long until the first held lease expires, unless it is settled before.
	 * @param now the current time
	 * @return nanoseconds, zero when it is due, or {@link Admission#UNKNOWN_WAIT} when no
	 * lease is held
	 */
	long nanosUntilFirstExpiry(long now) {
		if (this.leases.isEmpty()) {
			return Admission.UNKNOWN_WAIT;
		}
		return Math.max(0, this.leases.values().iterator().next().expiresAtNanos() - now);
	}

	/** How many leases are held. */
	int size() {
		return this.leases.size();
	}

	/**
	 * Removes the leases whose time is up and hands each to {@code expired}.
	 * @param now the current time
	 * @param expired told about each expired lease
	 */
	void expire(long now, Consumer<HeldLease> expired) {
		Iterator<HeldLease> it = this.leases.values().iterator();
		while (it.hasNext()) {
			HeldLease held = it.next();
			if (now - held.expiresAtNanos() < 0) {
				return;
			}
			it.remove();
			expired.accept(held);
		}
	}

	/**
	 * A lease with the meters that were debited for it, when its request left and whether
	 * the provider answered its call.
	 */
	static final class HeldLease {

		private final Lease lease;

		private final long admittedAtNanos;

		private final long expiresAtNanos;

		private final LocalMeter[] debited;

		private boolean answered;

		private boolean sent;

		private long sentAtNanos;

		/**
		 * Creates a held lease.
		 * @param lease the lease
		 * @param admittedAtNanos when it was granted
		 * @param expiresAtNanos when it stops holding budget unless settled
		 * @param debited the meters that paid for it, indexed by meter ordinal
		 * ({@code null} where the meter was unlimited)
		 */
		HeldLease(Lease lease, long admittedAtNanos, long expiresAtNanos, LocalMeter[] debited) {
			this.lease = lease;
			this.admittedAtNanos = admittedAtNanos;
			this.expiresAtNanos = expiresAtNanos;
			this.debited = debited;
		}

		Lease lease() {
			return this.lease;
		}

		long admittedAtNanos() {
			return this.admittedAtNanos;
		}

		long expiresAtNanos() {
			return this.expiresAtNanos;
		}

		LocalMeter[] debited() {
			return this.debited;
		}

		boolean answered() {
			return this.answered;
		}


	}

}
