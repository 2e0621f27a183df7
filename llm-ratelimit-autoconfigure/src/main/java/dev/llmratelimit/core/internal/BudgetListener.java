package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Lease;

/**
 * Told by a {@link Budget} when something changes that waiting callers or observers care
 * about. Called outside the budget's lock; implementations must be quick and must not throw.
 */
public interface BudgetListener {

	/**
	 * Budget was freed or queued calls were granted: waiters should look again.
	 */
	void budgetChanged();

	/**
	 * A queued ticket was served (granted, or found too large): its caller should look
	 * again. Budgets that serve tickets out of arrival order (by priority, by key) tell
	 * this so the right caller wakes; others need not.
	 * @param ticket the served ticket
	 */
	default void ticketServed(Ticket ticket) {
	}

	/**
	 * A lease was never settled and expired.
	 * @param lease the expired lease
	 */
	default void leaseExpired(Lease lease) {
	}

	/**
	 * A meter's limit was learned from or corrected by the provider.
	 * @param meter the meter
	 * @param previousLimit the limit before, or zero when the meter was unlimited
	 * @param newLimit the new limit
	 */
	default void limitChanged(Meter meter, long previousLimit, long newLimit) {
	}

}
