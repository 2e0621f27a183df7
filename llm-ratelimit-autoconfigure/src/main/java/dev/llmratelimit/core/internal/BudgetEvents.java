package dev.llmratelimit.core.internal;

import java.util.ArrayList;
import java.util.List;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Lease;

/**
 * What happened to a {@link LocalBudget} under its lock, told to its listeners once the
 * lock is released (listeners must never run under the lock).
 */
final class BudgetEvents {

	private boolean changed;

	private final List<Lease> expired = new ArrayList<>(0);

	private final List<LimitChange> limitChanges = new ArrayList<>(0);

	private final List<Ticket> served = new ArrayList<>(0);

	/** Budget was freed or queued calls were granted. */
	void changed() {
		this.changed = true;
	}

	/**
	 * Records a change when {@code changed} is true.
	 * @param changed whether budget was freed
	 */
	void changedIf(boolean changed) {
		this.changed |= changed;
	}

	/**
	 * Records a queued ticket that was served.
	 * @param ticket the ticket
	 */
	void ticketServed(Ticket ticket) {
		this.served.add(ticket);
		this.changed = true;
	}

	void leaseExpired(Lease lease) {
		this.expired.add(lease);
		this.changed = true;
	}

	void limitChanged(Meter meter, long previous, long current) {
		this.limitChanges.add(new LimitChange(meter, previous, current));
	}

	void fire(List<BudgetListener> listeners) {
		if (!this.changed && this.expired.isEmpty() && this.limitChanges.isEmpty()) {
			return;
		}
		for (BudgetListener listener : listeners) {
			this.served.forEach(listener::ticketServed);
			this.expired.forEach(listener::leaseExpired);
			this.limitChanges.forEach((change) -> listener.limitChanged(change.meter, change.previous, change.current));
			if (this.changed || !this.limitChanges.isEmpty()) {
				listener.budgetChanged();
			}
		}
	}

	private record LimitChange(Meter meter, long previous, long current) {
	}

}
