package dev.llmratelimit.store.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.internal.BudgetListener;
import dev.llmratelimit.core.internal.Ticket;

/**
 * This instance's listeners of one Redis budget, and what they are told: what a script
 * reply reports (leases that expired, limits that changed, budget freed), budget freed
 * by another instance, and queued tickets a script served. Thread-safe: listeners may be
 * added while others are told.
 */
final class BudgetListeners {

	private final List<BudgetListener> listeners = new CopyOnWriteArrayList<>();

	void add(BudgetListener listener) {
		this.listeners.add(listener);
	}

	/** Tells the listeners that budget may have freed (a peer said so). */
	void budgetChanged() {
		for (BudgetListener listener : this.listeners) {
			listener.budgetChanged();
		}
	}

	/**
	 * Tells the listeners which queued tickets a script served, so that their waiters wake
	 * wherever they stand in line (tickets are served by priority and key, not in arrival
	 * order).
	 * @param ticketIds the served tickets, of any instance
	 */
	void ticketsServed(List<String> ticketIds) {
		for (String id : ticketIds) {
			Ticket ticket = new Ticket(id, Cost.ZERO);
			for (BudgetListener listener : this.listeners) {
				listener.ticketServed(ticket);
			}
		}
	}

	/**
	 * Tells the listeners what a script reply reports, if anything.
	 * @param reply the reply
	 */
	void replied(ScriptReply reply) {
		if (!reply.changed && reply.expired.isEmpty()) {
			return;
		}
		for (BudgetListener listener : this.listeners) {
			reply.expired.forEach(listener::leaseExpired);
			reply.limitChanges
				.forEach((change) -> listener.limitChanged(change.meter(), change.previous(), change.current()));
			if (reply.changed) {
				listener.budgetChanged();
			}
		}
	}

}
