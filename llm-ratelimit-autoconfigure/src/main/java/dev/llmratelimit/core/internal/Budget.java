package dev.llmratelimit.core.internal;

import java.util.Optional;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * The budget of one model: its meters, FIFO queue, leases and cooldown. Every operation is
 * atomic across all meters. Operations never block; waiting is the caller's job (see
 * {@link BudgetLimiter}), guided by the estimates in {@link Admission}. Stores implement
 * this interface: in memory ({@link LocalBudget}) or shared across instances.
 */
public interface Budget {

	/**
	 * Asks for budget. Granted at once when the queue is empty and every meter can pay;
	 * queued when the estimated wait fits in {@code maxWaitNanos}; otherwise rejected with
	 * nothing debited.
	 * @param cost what the call costs per meter
	 * @param maxWaitNanos longest acceptable wait; zero to fail at once
	 * @return the admission
	 */
	Admission acquire(Cost cost, long maxWaitNanos);

	/**
	 * Asks for budget for a call of a given priority and key. Stores that rank waiting
	 * calls serve higher priorities first (first come, first served within a priority),
	 * admit {@link dev.llmratelimit.Priority#LOW} calls only while every meter keeps the
	 * model's low-priority reserve, and keep each key within the model's share per key,
	 * serving waiting keys in turn. The default ignores the claimant.
	 * @param cost what the call costs per meter
	 * @param maxWaitNanos longest acceptable wait; zero to fail at once
	 * @param claimant the call's priority and key
	 * @return the admission
	 */
	default Admission acquire(Cost cost, long maxWaitNanos, Claimant claimant) {
		return acquire(cost, maxWaitNanos);
	}

	/**
	 * Serves the queue and reports on a ticket: granted, still queued with a fresh estimate,
	 * or too large after a limit shrank.
	 * @param ticket a ticket from {@link #acquire}
	 * @return the admission
	 */
	Admission poll(Ticket ticket);

	/**
	 * Leaves the queue.
	 * @param ticket the ticket to give up
	 * @return the lease when the ticket had been granted in the meantime (the caller owns
	 * it then), otherwise empty
	 */
	Optional<Lease> cancel(Ticket ticket);

	/**
	 * Settles a lease: the difference between what it reserved and {@code actual} is given
	 * back (or debited when {@code actual} is larger).
	 * @param lease the lease
	 * @param actual what the call really cost
	 * @return {@code false} when the lease was already settled or had expired
	 */
	boolean settle(Lease lease, Cost actual);

	/**
	 * Settles a lease as {@link #settle(Lease, Cost)} does, without making the caller wait
	 * for a remote store's answer where the store can: the settlement is then sent in the
	 * background, counts exactly once, and takes effect before any operation this instance
	 * starts on the budget afterwards. A store closed while settlements are on their way
	 * waits for them first. By default the same as {@code settle}.
	 * @param lease the lease
	 * @param actual what the call really cost
	 */
	default void settleInBackground(Lease lease, Cost actual) {
		settle(lease, actual);
	}

	/**
	 * Whether a lease still holds budget.
	 * @param lease the lease
	 * @return {@code false} once it was settled or expired; stores that cannot tell
	 * answer {@code true}
	 */
	default boolean holds(Lease lease) {
		return true;
	}

	/**
	 * Learns from a provider response: limits, remaining budget and cooldowns.
	 * @param snapshot what the provider reported
	 */
	void observe(ProviderSnapshot snapshot);

	/**
	 * Learns from the response to one admitted call. The provider's figures cannot include
	 * calls admitted after that one that had not reached it yet; stores that keep recent
	 * admissions use the call's admission to tell them apart.
	 * @param snapshot what the provider reported
	 * @param call the lease of the call the response belongs to
	 */
	default void observe(ProviderSnapshot snapshot, Lease call) {
		observe(snapshot);
	}

	/**
	 * Learns that an admitted call's request is leaving for the provider now: until then
	 * the provider cannot have counted it. Stores that keep recent admissions take a call
	 * as possibly unseen by the provider's figures from its admission until shortly after
	 * its request left (see {@link UnseenAdmissions}); the default ignores it, and stores
	 * never told take the admission instant for it.
	 * @param call the lease of the call whose request is leaving
	 */
	default void requestSent(Lease call) {
	}

	/**
	 * Current state of the meters, leases and queue.
	 * @return the snapshot
	 */
	BudgetState state();

	/**
	 * Registers a listener for changes.
	 * @param listener the listener
	 */
	void addListener(BudgetListener listener);

	/**
	 * Tells the store that the limiter has forgotten this budget (an idle model created on
	 * first use): the store drops what it keeps for it. The budget is not used afterwards.
	 */
	default void release() {
	}

}
