package dev.llmratelimit.core.internal;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.TimeSource;

/**
 * Waits in a model's {@link WaitRoom} until its queued call is granted, the deadline
 * passes or the thread is interrupted, asking the budget again on every wake-up. A call
 * that gives up leaves the queue with nothing debited.
 */
final class TurnWaiter {

	private static final long MIN_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private final TimeSource time;

	private final Refusals refusals;

	TurnWaiter(TimeSource time, Refusals refusals) {
		this.time = time;
		this.refusals = refusals;
	}

	/**
	 * Waits for the lease of a queued call.
	 * @param managed the model
	 * @param entry the call's place in the queue and in the room
	 * @param cost what the call costs
	 * @param deadline when to give up, in the time source's nanos
	 * @return the lease once granted
	 * @throws dev.llmratelimit.LlmRateLimitExceededException if the deadline passes or the
	 * thread is interrupted (its interrupt flag is kept)
	 */
	Lease await(ManagedModel managed, WaitRoom.Entry entry, Cost cost, long deadline) {
		WaitRoom room = managed.room();
		WaitRoom.Waiter waiter = entry.waiter();
		Ticket ticket = entry.admission().ticket();
		Admission current = entry.admission();
		boolean granted = false;
		try {
			while (true) {
				room.clearSignal(waiter);
				current = managed.budget().poll(ticket);
				if (current.status() == Admission.Status.GRANTED) {
					granted = true;
					return current.lease();
				}
				if (current.status() == Admission.Status.TOO_LARGE) {
					throw this.refusals.tooLarge(managed, current, cost);
				}
				long remaining = deadline - this.time.nanoTime();
				if (remaining <= 0) {
					Optional<Lease> lease = managed.budget().cancel(ticket);
					if (lease.isPresent()) {
						granted = true;
						return lease.get();
					}
					throw this.refusals.exceeded(managed, current.meter(), current.waitNanos());
				}
				long wait = Math.min(remaining, Math.max(nanosUntilNextLook(current, remaining), MIN_WAIT_NANOS));
				room.await(waiter, this.time.toRealNanos(wait));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			managed.budget().cancel(ticket).ifPresent((lease) -> managed.budget().settle(lease, Cost.ZERO));
			throw this.refusals.exceeded(managed, current.meter(), current.waitNanos());
		}
		finally {
			room.leave(waiter, granted);
		}
	}

	/** Its estimated wait, or when it is unknown, the recheck time its budget asked for. */
	private static long nanosUntilNextLook(Admission current, long remaining) {
		if (current.waitNanos() != Admission.UNKNOWN_WAIT) {
			return current.waitNanos();
		}
		return (current.recheckNanos() != Admission.UNKNOWN_WAIT) ? current.recheckNanos() : remaining;
	}

}
