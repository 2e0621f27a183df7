package dev.llmratelimit.store.redis;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;

/**
 * Sends the settlements of one Redis budget that are made without waiting for Redis's
 * answer. They are held back ({@link PendingSettlements}) so that they ride with the
 * budget's next acquisition, one script call for both; they are sent alone when none
 * comes within the settlement delay, when the batch is full, or when another operation of
 * the budget comes first. Either way they take effect before any operation the budget
 * sends afterwards.
 * <p>
 * Thread-safe: a batch is taken and sent while holding the batch's lock, so that no later
 * operation overtakes it. Answers complete on the Redis client's I/O thread, or on the
 * common pool when the application's listeners must hear of expired leases or changed
 * limits.
 */
final class SettlementSender {

	private final RedisBudget.Settings settings;

	private final List<String> keys;

	private final ScriptArguments arguments;

	private final BudgetListeners listeners;

	private final PendingSettlements pending = new PendingSettlements();

	SettlementSender(RedisBudget.Settings settings, List<String> keys, ScriptArguments arguments,
			BudgetListeners listeners) {
		this.settings = settings;
		this.keys = keys;
		this.arguments = arguments;
		this.listeners = listeners;
	}

	/**
	 * Settles without waiting for Redis's answer where the connection allows it (see
	 * {@link BudgetScripts#send}).
	 * @param lease the lease
	 * @param actual what the call used
	 * @param settlementId the settlement's id
	 * @return Redis's answer to come ({@code true} when the lease was held; exceptionally
	 * when it may not have arrived), or {@code null} when the settlement must be sent and
	 * waited for
	 */
	CompletableFuture<Boolean> settleInBackground(Lease lease, Cost actual, String settlementId) {
		if (!this.settings.scripts().canSend()) {
			return null;
		}
		PendingSettlements.Settlement settlement = new PendingSettlements.Settlement(lease.id(),
				CostCodec.encode(lease.cost().minus(actual)), settlementId);
		boolean plan;
		synchronized (this.pending.lock()) {
			if (this.pending.add(settlement)) {
				sendPending();
				return settlement.answer();
			}
			plan = this.pending.planFlush();
		}
		if (plan) {
			planFlush(this.settings.settlementDelay().toNanos());
		}
		return settlement.answer();
	}

	/**
	 * Sends the settlements waiting for an acquisition alone, in the order they were made.
	 */
	void flush() {
		synchronized (this.pending.lock()) {
			sendPending();
		}
	}

	/**
	 * Runs an acquisition with the settlements waiting for one: they ride with it, run
	 * first and in order by the script. The call is sent while holding the batch's lock (so
	 * that no later operation overtakes them) and waited for after releasing it.
	 * @param acquireArgs the acquisition's own arguments
	 * @return the acquisition's reply, its listeners told
	 */
	ScriptReply acquire(String... acquireArgs) {
		BudgetScripts scripts = this.settings.scripts();
		List<PendingSettlements.Settlement> riders = List.of();
		Object[] args;
		CompletableFuture<List<Object>> sent = null;
		List<Object> values = null;
		try {
			synchronized (this.pending.lock()) {
				riders = this.pending.take();
				if (riders.isEmpty()) {
					args = this.arguments.of(acquireArgs);
				}
				else {
					String[] all = Arrays.copyOf(acquireArgs, acquireArgs.length + 3 * riders.size());
					int next = acquireArgs.length;
					for (PendingSettlements.Settlement rider : riders) {
						all[next++] = rider.leaseId();
						all[next++] = rider.refund();
						all[next++] = rider.id();
					}
					args = this.arguments.of(all);
					sent = scripts.send(this.settings.template(), scripts.acquire, this.keys, args);
					if (sent == null) {
						values = scripts.run(this.settings.template(), scripts.acquire, this.keys, args);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			fail(riders, ex);
			throw ex;
		}
		if (riders.isEmpty()) {
			values = scripts.run(this.settings.template(), scripts.acquire, this.keys, args);
			ScriptReply reply = new ScriptReply(values);
			this.listeners.replied(reply);
			return reply;
		}
		ScriptReply reply;
		try {
			if (sent != null) {
				values = scripts.await(sent, this.settings.template(), scripts.acquire, this.keys, args);
			}
			reply = new ScriptReply(values);
		}
		catch (RuntimeException ex) {
			fail(riders, ex);
			throw ex;
		}
		this.listeners.replied(reply);
		for (PendingSettlements.Settlement rider : riders) {
			rider.answer().complete(reply.hasMore() && "1".equals(reply.text()));
		}
		return reply;
	}

	/**
	 * Plans a look at the batch: one at a time, so that settlements taken along by
	 * acquisitions cost no task each.
	 */
	private void planFlush(long delayNanos) {
		try {
			this.settings.flusher().schedule(this::flushDue, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the store is closing: send them now
			synchronized (this.pending.lock()) {
				this.pending.due(0);
				sendPending();
			}
		}
	}

	/** Sends the batch if its oldest settlement waited long enough, else looks again later. */
	private void flushDue() {
		long left;
		synchronized (this.pending.lock()) {
			left = this.pending.due(this.settings.settlementDelay().toNanos());
			if (left == 0) {
				sendPending();
			}
		}
		if (left > 0) {
			planFlush(left);
		}
	}

	/** Sends the pending settlements one by one; the caller holds the batch's lock. */
	private void sendPending() {
		for (PendingSettlements.Settlement settlement : this.pending.take()) {
			CompletableFuture<List<Object>> values;
			try {
				values = this.settings.scripts()
					.send(this.settings.template(), this.settings.scripts().settle, this.keys,
							this.arguments.of(settlement.leaseId(), settlement.refund(), settlement.id()));
				if (values == null) {
					// no longer sent without waiting (functions gave out): settle now
					values = CompletableFuture.completedFuture(this.settings.scripts()
						.run(this.settings.template(), this.settings.scripts().settle, this.keys,
								this.arguments.of(settlement.leaseId(), settlement.refund(), settlement.id())));
				}
			}
			catch (RuntimeException ex) {
				settlement.answer().completeExceptionally(ex);
				continue;
			}
			values.whenComplete((reply, failure) -> {
				if (failure != null) {
					settlement.answer().completeExceptionally(failure);
					return;
				}
				ScriptReply answer = new ScriptReply(reply);
				if (answer.expired.isEmpty() && answer.limitChanges.isEmpty()) {
					// only wakes this instance's waiters: fine on the client's I/O thread
					this.listeners.replied(answer);
					settlement.answer().complete("1".equals(answer.status));
					return;
				}
				// listeners of expired leases and limit changes are the application's: not on the I/O thread
				CompletableFuture.runAsync(() -> {
					this.listeners.replied(answer);
					settlement.answer().complete("1".equals(answer.status));
				});
			});
		}
	}

	/** Tells the settlements of a call that failed that they may not have arrived. */
	private static void fail(List<PendingSettlements.Settlement> settlements, RuntimeException failure) {
		for (PendingSettlements.Settlement settlement : settlements) {
			settlement.answer().completeExceptionally(failure);
		}
	}

}
