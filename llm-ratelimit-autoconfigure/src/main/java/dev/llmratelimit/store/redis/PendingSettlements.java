package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Settlements of one budget made without waiting, held back for a moment so that they ride
 * with the budget's next acquisition (one script call, one load and save of the budget,
 * for both). In the order they were made; at most {@link #LIMIT} of them; sent alone once
 * a short delay ({@link #DELAY} unless configured) passed without an acquisition, or at
 * once when the batch is full. Callers
 * take them under {@link #lock()} and send them before releasing it, so that no operation
 * of the budget sent afterwards overtakes them.
 */
final class PendingSettlements {

	/** The most settlements held back: a full batch is sent at once. */
	static final int LIMIT = 16;

	/** The longest a settlement is held back when no acquisition comes, by default. */
	static final Duration DELAY = Duration.ofMillis(2);

	private List<Settlement> settlements = new ArrayList<>();

	/** When the oldest settlement of the batch was made ({@link System#nanoTime()}). */
	private long oldest;

	/** Whether a flush is planned: one at a time, not one per batch. */
	private boolean flushPlanned;

	/** Guards the batch; held while a batch taken from it is sent. */
	Object lock() {
		return this;
	}

	/**
	 * Adds a settlement; must hold {@link #lock()}.
	 * @param settlement the settlement
	 * @return whether the batch is full (and must be sent now)
	 */
	boolean add(Settlement settlement) {
		if (this.settlements.isEmpty()) {
			this.oldest = System.nanoTime();
		}
		this.settlements.add(settlement);
		return this.settlements.size() >= LIMIT;
	}

	/**
	 * Whether a flush must be planned now; must hold {@link #lock()}.
	 * @return {@code true} unless one is planned already
	 */
	boolean planFlush() {
		if (this.flushPlanned || this.settlements.isEmpty()) {
			return false;
		}
		this.flushPlanned = true;
		return true;
	}

	/**
	 * What a planned flush does when its time comes; must hold {@link #lock()}.
	 * @param delay how long a settlement may be held back
	 * @return how long to wait before looking again (the batch's oldest settlement is
	 * younger than {@code delay}), or {@code 0} when the batch is to be sent now (or is
	 * empty) and no flush is planned any more
	 */
	long due(long delay) {
		long left = this.settlements.isEmpty() ? 0 : delay - (System.nanoTime() - this.oldest);
		if (left <= 0) {
			this.flushPlanned = false;
			return 0;
		}
		return left;
	}

	/**
	 * Takes the batch; must hold {@link #lock()}.
	 * @return the settlements in the order they were made, possibly none
	 */
	List<Settlement> take() {
		if (this.settlements.isEmpty()) {
			return List.of();
		}
		List<Settlement> taken = this.settlements;
		this.settlements = new ArrayList<>();
		return taken;
	}

	/**
	 * A settlement on its way: the script's arguments (lease id, refund, settlement id), and
	 * Redis's answer to come ({@code true} when the lease was held).
	 *
	 * @param leaseId the lease's id
	 * @param refund the refund per meter, encoded
	 * @param id the settlement's id
	 * @param answer completed with Redis's answer, or exceptionally when it may not have
	 * arrived
	 */
	record Settlement(String leaseId, String refund, String id, CompletableFuture<Boolean> answer) {

		Settlement(String leaseId, String refund, String id) {
			this(leaseId, refund, id, new CompletableFuture<>());
		}

	}

}
