package dev.llmratelimit.benchmarks.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Ticket;

/**
 * A {@link Budget} that records which thread took each place in the queue, in ticket
 * order, and counts the polls of waiting callers. Acquisitions are serialised here, so the
 * recorded order is the order of the delegate's queue.
 */
final class QueueOrderRecordingBudget implements Budget {

	private final Budget delegate;

	private final ReentrantLock acquireLock = new ReentrantLock();

	private final List<Thread> queued = new ArrayList<>();

	private final AtomicLong polls = new AtomicLong();

	QueueOrderRecordingBudget(Budget delegate) {
		this.delegate = delegate;
	}

	/**
	 * Threads that were queued, in ticket order.
	 * @return a copy of the queue order
	 */
	List<Thread> queueOrder() {
		this.acquireLock.lock();
		try {
			return new ArrayList<>(this.queued);
		}
		finally {
			this.acquireLock.unlock();
		}
	}

	/**
	 * How many times waiting callers polled their ticket.
	 * @return the number of polls
	 */
	long polls() {
		return this.polls.get();
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		this.acquireLock.lock();
		try {
			Admission admission = this.delegate.acquire(cost, maxWaitNanos);
			if (admission.status() == Admission.Status.QUEUED) {
				this.queued.add(Thread.currentThread());
			}
			return admission;
		}
		finally {
			this.acquireLock.unlock();
		}
	}

	@Override
	public Admission poll(Ticket ticket) {
		this.polls.incrementAndGet();
		return this.delegate.poll(ticket);
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		return this.delegate.cancel(ticket);
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		return this.delegate.settle(lease, actual);
	}

	@Override
	public void observe(ProviderSnapshot snapshot) {
		this.delegate.observe(snapshot);
	}

	@Override
	public BudgetState state() {
		return this.delegate.state();
	}

	@Override
	public void addListener(BudgetListener listener) {
		this.delegate.addListener(listener);
	}

}
