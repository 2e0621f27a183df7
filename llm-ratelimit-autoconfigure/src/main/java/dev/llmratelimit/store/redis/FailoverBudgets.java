package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The budgets of one store, by model, and what the store does to all of them: replay
 * their outage work when Redis is back, keep their waiters' places (the heartbeat), and
 * wake their waiters when another instance freed budget.
 */
final class FailoverBudgets {

	private static final Log logger = LogFactory.getLog(FailoverBudgets.class);

	private final Map<String, List<FailoverBudget>> byModel = new ConcurrentHashMap<>();

	/** Budgets the limiter released while they had outage work: dropped once it is replayed. */
	private final Set<FailoverBudget> released = ConcurrentHashMap.newKeySet();

	void add(String model, FailoverBudget budget) {
		this.byModel.computeIfAbsent(model, (key) -> new CopyOnWriteArrayList<>()).add(budget);
	}

	/**
	 * Forgets a budget the limiter no longer uses, once it has no outage work left to
	 * replay (its spending must reach Redis first; the heartbeat keeps trying).
	 * @param model the budget's model
	 * @param budget the budget
	 */
	void remove(String model, FailoverBudget budget) {
		if (budget.hasPendingWork()) {
			this.released.add(budget);
			if (budget.hasPendingWork()) {
				return;
			}
			this.released.remove(budget);
		}
		this.byModel.computeIfPresent(model, (key, budgets) -> {
			budgets.remove(budget);
			return budgets.isEmpty() ? null : budgets;
		});
	}

	/** Forgets the released budgets whose outage work is now replayed. */
	private void removeReplayed() {
		for (FailoverBudget budget : this.released) {
			if (!budget.hasPendingWork() && this.released.remove(budget)) {
				remove(budget.redis().model(), budget);
			}
		}
	}

	/**
	 * How many models have budgets here.
	 * @return the number of models
	 */
	int models() {
		return this.byModel.size();
	}

	/**
	 * Replays every budget's outage work. Redis failing again stops it (Redis is still
	 * down); any other failure is one model's, logged and tried again by the heartbeat, so
	 * it does not keep the other models on their fallback.
	 */
	void recover() {
		forEach((budget) -> {
			try {
				budget.recover();
			}
			catch (RuntimeException ex) {
				if (RedisAvailability.isOutage(ex)) {
					throw ex;
				}
				logger.warn("Could not replay the outage work of " + budget + "; trying again later", ex);
			}
		});
		removeReplayed();
	}

	/**
	 * Waits for every budget's settlements sent in the background and replays what is left
	 * to replay, while Redis answers (see {@link FailoverBudget#flush}).
	 * @param timeout how long to wait for each budget's settlements on their way
	 */
	void flush(Duration timeout) {
		forEach((budget) -> {
			try {
				budget.flush(timeout);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not replay the outage work of " + budget + " before closing", ex);
			}
		});
	}

	/**
	 * Keeps the Redis places of this instance's waiters, however long they sleep, wakes the
	 * first waiter of each model (a safety net for lost messages), replays outage work left
	 * over, and reads each shared budget so that a fallback would start from it.
	 * @param available whether Redis can be reached
	 */
	void heartbeat(boolean available) {
		forEach((budget) -> {
			try {
				if (budget.hasWaiters()) {
					budget.heartbeat();
				}
				if (available) {
					if (budget.hasPendingWork()) {
						budget.recover();
					}
					budget.refreshSharedState();
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Heartbeat of " + budget + " failed", ex);
			}
		});
		removeReplayed();
	}

	/**
	 * Tells this instance's waiters of a model that budget may have freed, or that their
	 * tickets were served.
	 * @param model the model whose budget changed
	 * @param byPeer whether another instance changed it
	 * @param servedTickets the queued tickets served, of any instance
	 */
	void wake(String model, boolean byPeer, List<String> servedTickets) {
		List<FailoverBudget> budgets = this.byModel.get(model);
		if (budgets != null) {
			budgets.forEach((budget) -> {
				if (byPeer) {
					budget.redis().budgetChanged();
				}
				budget.redis().ticketsServed(servedTickets);
			});
		}
	}

	private void forEach(Consumer<FailoverBudget> action) {
		this.byModel.values().forEach((budgets) -> budgets.forEach(action));
	}

}
