package dev.llmratelimit.store.redis;

import dev.llmratelimit.core.internal.Claimant;
import dev.llmratelimit.core.internal.Ticket;

/**
 * Where a call of this instance waiting for budget stands: its ticket in Redis
 * ({@code fallback} is {@code null}) or in a fallback, when it gives up, and its priority
 * and key. Immutable.
 *
 * @param ticket the ticket Redis or the fallback gave it
 * @param deadline when it gives up, on the instance's clock
 * @param fallback the fallback it waits in, or {@code null} when it waits in Redis
 * @param claimant its priority and key
 */
record WaitingPlace(Ticket ticket, long deadline, Fallback fallback, Claimant claimant) {

	static WaitingPlace inRedis(Ticket ticket, long deadline, Claimant claimant) {
		return new WaitingPlace(ticket, deadline, null, claimant);
	}

	static WaitingPlace inFallback(Ticket ticket, long deadline, Fallback fallback, Claimant claimant) {
		return new WaitingPlace(ticket, deadline, fallback, claimant);
	}

}
