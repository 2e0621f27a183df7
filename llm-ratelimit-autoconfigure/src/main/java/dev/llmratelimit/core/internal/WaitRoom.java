package dev.llmratelimit.core.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Where the callers of one model wait for budget, in the order of their tickets. When
 * budget frees only the first waiter is woken; a waiter that gets its budget wakes the
 * next one, so a release costs one or two wake-ups instead of waking every waiter (a
 * thundering herd that made 1,000 waiters quadratic). A per-waiter flag, set and read
 * under the room's lock, closes the gap between checking the budget and going to sleep,
 * so no wake-up is lost. Uses {@link ReentrantLock}, not {@code synchronized}, so virtual
 * threads do not pin their carrier while waiting. The lock is never held while the budget
 * is asked (a Redis round trip for a shared budget).
 */
final class WaitRoom {

	private final ReentrantLock lock = new ReentrantLock();

	/** Sized for none: most models never see a call wait. */
	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(0);

	/** The waiters by ticket id, for budgets that serve tickets out of arrival order. */
	private final Map<String, Waiter> byTicket = new HashMap<>();

	/**
	 * Takes a place in this room, then asks for budget outside the room's lock: the
	 * place keeps the order in which callers asked, which is the order of their tickets
	 * but for callers asking at the same instant. The place is left again unless the
	 * answer is a place in the queue.
	 */
	Entry enter(Supplier<Admission> acquire) {
		Waiter waiter = new Waiter(this.lock.newCondition());
		this.lock.lock();
		try {
			this.waiters.addLast(waiter);
		}
		finally {
			this.lock.unlock();
		}
		Admission admission;
		try {
			admission = acquire.get();
		}
		catch (RuntimeException | Error ex) {
			leaveUnqueued(waiter);
			throw ex;
		}
		if (admission.status() != Admission.Status.QUEUED) {
			leaveUnqueued(waiter);
			return new Entry(admission, null);
		}
		this.lock.lock();
		try {
			waiter.ticketId = admission.ticket().id();
			this.byTicket.put(waiter.ticketId, waiter);
		}
		finally {
			this.lock.unlock();
		}
		return new Entry(admission, waiter);
	}

	/** Leaves a place that got no ticket, passing on a wake-up it took meanwhile. */
	private void leaveUnqueued(Waiter waiter) {
		this.lock.lock();
		try {
			this.waiters.remove(waiter);
			if (waiter.signalled) {
				signal(this.waiters.peekFirst());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether no caller is waiting here. */
	boolean isEmpty() {
		this.lock.lock();
		try {
			return this.waiters.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes the first waiter: budget changed and it may be its turn. */
	void signalFirst() {
		this.lock.lock();
		try {
			signal(this.waiters.peekFirst());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wakes the waiter of a ticket the budget served, wherever it stands in the room.
	 * @param ticketId the served ticket
	 */
	void signal(String ticketId) {
		this.lock.lock();
		try {
			signal(this.byTicket.get(ticketId));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Forgets earlier signals; call before looking at the budget. */
	void clearSignal(Waiter waiter) {
		this.lock.lock();
		try {
			waiter.signalled = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until signalled since the last {@link #clearSignal}, or for at most {@code nanos}. */
	void await(Waiter waiter, long nanos) throws InterruptedException {
		this.lock.lock();
		try {
			if (!waiter.signalled && nanos > 0) {
				waiter.condition.await(nanos, TimeUnit.NANOSECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Leaves the room. The next waiter is woken when this one got its budget (the next may
	 * have been granted with it) or was first in line (the line moved).
	 */
	void leave(Waiter waiter, boolean granted) {
		this.lock.lock();
		try {
			boolean wasFirst = this.waiters.peekFirst() == waiter;
			this.waiters.remove(waiter);
			if (waiter.ticketId != null) {
				this.byTicket.remove(waiter.ticketId);
			}
			if (granted || wasFirst) {
				signal(this.waiters.peekFirst());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static void signal(Waiter waiter) {
		if (waiter != null) {
			waiter.signalled = true;
			waiter.condition.signal();
		}
	}

	/**
	 * What {@link #enter} got: the admission and, when queued, the caller's place.
	 *
	 * @param admission the budget's answer
	 * @param waiter the caller's place in the room, or {@code null} unless queued
	 */
	record Entry(Admission admission, Waiter waiter) {
	}

	/** One waiting caller. */
	static final class Waiter {

		private final Condition condition;

		/** Its ticket, once the budget queued it. */
		private String ticketId;

		private boolean signalled;

		private Waiter(Condition condition) {
			this.condition = condition;
		}

	}

}
