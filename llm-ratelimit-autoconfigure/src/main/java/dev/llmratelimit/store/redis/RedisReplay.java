package dev.llmratelimit.store.redis;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.Ticket;

/**
 * What one budget's Redis leases, tickets and acquisitions still owe Redis because it could
 * not be reached: settlements, cancellations of tickets whose waiters left, and releases of
 * acquisitions whose reply never arrived. Each is replayed exactly once when Redis answers
 * again (settling, cancelling and releasing are idempotent there).
 */
final class RedisReplay {

	private final Queue<Settlement> settlements = new ConcurrentLinkedQueue<>();

	/** Redis tickets whose waiters left while Redis was down: cancelled once it is back. */
	private final Set<Ticket> abandoned = ConcurrentHashMap.newKeySet();

	/** Acquisitions whose reply never arrived: released in Redis once it answers. */
	private final Queue<Acquisition> unanswered = new ConcurrentLinkedQueue<>();

	/**
	 * A settlement Redis did not get (or may not have).
	 * @param settlement the settlement, under its id
	 */
	void settlement(Settlement settlement) {
		this.settlements.add(settlement);
	}

	/**
	 * A Redis ticket whose waiter left (or moved to the fallback) while Redis was down.
	 * @param ticket the ticket
	 */
	void abandoned(Ticket ticket) {
		this.abandoned.add(ticket);
	}

	/**
	 * An acquisition whose reply never arrived: Redis may have run it, or may run it later.
	 * @param requestId the acquisition's request id
	 * @param cost its cost
	 */
	void unanswered(String requestId, Cost cost) {
		this.unanswered.add(new Acquisition(requestId, cost));
	}

	boolean isEmpty() {
		return this.settlements.isEmpty() && this.abandoned.isEmpty() && this.unanswered.isEmpty();
	}

	/**
	 * Replays everything in Redis: settlements, then cancellations (refunding a lease
	 * granted to a ticket in the meantime), then releases. Stops at the first failure,
	 * keeping what was not replayed.
	 * @param redis the budget in Redis
	 */
	void replay(RedisBudget redis) {
		Settlement settlement;
		while ((settlement = this.settlements.poll()) != null) {
			try {
				redis.settle(settlement.lease(), settlement.actual(), settlement.id());
			}
			catch (RuntimeException ex) {
				this.settlements.add(settlement);
				throw ex;
			}
		}
		for (Ticket ticket : this.abandoned) {
			redis.cancel(ticket).ifPresent((lease) -> redis.settle(lease, Cost.ZERO));
			this.abandoned.remove(ticket);
		}
		Acquisition acquisition;
		while ((acquisition = this.unanswered.poll()) != null) {
			try {
				redis.release(acquisition.requestId(), acquisition.cost());
			}
			catch (RuntimeException ex) {
				this.unanswered.add(acquisition);
				throw ex;
			}
		}
	}

	/**
	 * The settlement of a Redis lease, under an id that Redis recognises when it is sent
	 * again.
	 *
	 * @param lease the lease
	 * @param actual what the call used
	 * @param id the settlement's id
	 */
	record Settlement(Lease lease, Cost actual, String id) {
	}

	private record Acquisition(String requestId, Cost cost) {
	}

}
