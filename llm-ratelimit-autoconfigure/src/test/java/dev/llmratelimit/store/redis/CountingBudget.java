package dev.llmratelimit.store.redis;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Budget;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.BudgetState;
import dev.llmratelimit.core.internal.Ticket;

/**
 * Counts the leases a budget hands out and how their settlements went.
 */
final class CountingBudget implements Budget {

	final AtomicInteger granted = new AtomicInteger();

	final AtomicInteger settled = new AtomicInteger();

	final AtomicInteger refusedSettlements = new AtomicInteger();

	private final Budget delegate;

	CountingBudget(Budget delegate) {
		this.delegate = delegate;
	}

	@Override
	public Admission acquire(Cost cost, long maxWaitNanos) {
		return count(this.delegate.acquire(cost, maxWaitNanos));
	}

	@Override
	public Admission poll(Ticket ticket) {
		return count(this.delegate.poll(ticket));
	}

	@Override
	public Optional<Lease> cancel(Ticket ticket) {
		Optional<Lease> lease = this.delegate.cancel(ticket);
		lease.ifPresent((held) -> this.granted.incrementAndGet());
		return lease;
	}

	@Override
	public boolean settle(Lease lease, Cost actual) {
		boolean done = this.delegate.settle(lease, actual);
		(done ? this.settled : this.refusedSettlements).incrementAndGet();
		return done;
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

	private Admission count(Admission admission) {
		if (admission.status() == Admission.Status.GRANTED) {
			this.granted.incrementAndGet();
		}
		return admission;
	}

}
