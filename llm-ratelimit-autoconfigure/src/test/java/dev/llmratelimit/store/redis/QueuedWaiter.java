package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.internal.Admission;
import dev.llmratelimit.core.internal.Admission.Status;
import dev.llmratelimit.core.internal.Budget;

/**
 * Frees budget that a waiter of another instance is queued for: the only time an instance
 * announces freed budget to the others.
 */
final class QueuedWaiter {

	private static final int MOST_HELD = 100;

	private QueuedWaiter() {
	}

	/**
	 * Takes as many {@code unit}s from {@code freeing} as it grants, queues one more in
	 * {@code waiting}, gives the taken ones back, then settles whatever the waiter got.
	 * @param freeing the instance that frees budget
	 * @param waiting the instance whose waiter is served
	 * @param unit what each call costs; it must run out within a hundred calls
	 */
	static void freeBudgetFor(Budget freeing, Budget waiting, Cost unit) {
		List<Lease> held = new ArrayList<>();
		Admission admission = freeing.acquire(unit, 0);
		while (admission.status() == Status.GRANTED && held.size() < MOST_HELD) {
			held.add(admission.lease());
			admission = freeing.acquire(unit, 0);
		}
		Admission queued = waiting.acquire(unit, Duration.ofMinutes(1).toNanos());
		held.forEach((lease) -> freeing.settle(lease, Cost.ZERO));
		served(waiting, queued).ifPresent((lease) -> waiting.settle(lease, Cost.ZERO));
	}

	private static Optional<Lease> served(Budget waiting, Admission queued) {
		if (queued.status() == Status.GRANTED) {
			return Optional.of(queued.lease());
		}
		if (queued.status() != Status.QUEUED) {
			return Optional.empty();
		}
		Admission polled = waiting.poll(queued.ticket());
		return (polled.status() == Status.GRANTED) ? Optional.of(polled.lease()) : waiting.cancel(queued.ticket());
	}

}
