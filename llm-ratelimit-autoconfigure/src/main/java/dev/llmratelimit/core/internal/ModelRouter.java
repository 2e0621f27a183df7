package dev.llmratelimit.core.internal;

import java.util.List;

/**
 * Decides which model a call is reserved on: its own (the primary) or one of its
 * fallbacks. The primary is asked first, with a wait of at most {@code fallback-after};
 * when it cannot admit the call in that time (short of budget, cooling down after a 429,
 * or too small for the call ever to fit), the fallbacks are asked in order: first the
 * first that admits the call at once, else the first that admits it sooner than the
 * primary could. When none does, the call waits on the primary as it would without
 * fallbacks.
 * <p>
 * Every question is a real request for budget that either admits the call (debits or
 * queues it) or refuses it with nothing debited, so a call is never reserved twice and
 * no estimate can go stale between looking and reserving.
 */
final class ModelRouter {

	private ModelRouter() {
	}

	/**
	 * Routes a call.
	 * @param primary the call's own model
	 * @param fallbacks the models tried instead, in order
	 * @param fallbackAfterNanos longest wait on the primary before a fallback may take the
	 * call
	 * @param maxWaitNanos longest wait for the call in all
	 * @return the candidate that admitted the call, or the primary's refusal
	 */
	public static Route route(Candidate primary, List<? extends Candidate> fallbacks, long fallbackAfterNanos,
			long maxWaitNanos) {
		if (fallbacks.isEmpty() || fallbackAfterNanos >= maxWaitNanos) {
			Admission admission = primary.admit(maxWaitNanos);
			if (admits(admission) || fallbacks.isEmpty()) {
				return new Route(primary, admission);
			}
			return routeToFallback(primary, admission, fallbacks, maxWaitNanos, false);
		}
		Admission first = primary.admit(Math.max(0, fallbackAfterNanos));
		if (admits(first)) {
			return new Route(primary, first);
		}
		return routeToFallback(primary, first, fallbacks, maxWaitNanos, true);
	}

	private static Route routeToFallback(Candidate primary, Admission refusal, List<? extends Candidate> fallbacks,
			long maxWaitNanos, boolean primaryMayStillWait) {
		long primaryWait = soonest(refusal);
		long sooner = (primaryWait == Long.MAX_VALUE) ? maxWaitNanos : Math.min(maxWaitNanos, primaryWait - 1);
		// one that admits at once beats one earlier in the list that would queue
		Route atOnce = firstAdmitting(fallbacks, 0);
		if (atOnce != null) {
			return atOnce;
		}
		Route queued = (sooner > 0) ? firstAdmitting(fallbacks, sooner) : null;
		if (queued != null) {
			return queued;
		}
		if (primaryMayStillWait && refusal.status() == Admission.Status.REJECTED) {
			return new Route(primary, primary.admit(maxWaitNanos));
		}
		return new Route(primary, refusal);
	}

	private static Route firstAdmitting(List<? extends Candidate> candidates, long maxWaitNanos) {
		for (Candidate candidate : candidates) {
			Admission admission = candidate.admit(maxWaitNanos);
			if (admits(admission)) {
				return new Route(candidate, admission);
			}
		}
		return null;
	}

	/** Earliest the primary could admit the call after refusing it: never, when it cannot tell. */
	private static long soonest(Admission refusal) {
		if (refusal.status() == Admission.Status.TOO_LARGE || refusal.waitNanos() == Admission.UNKNOWN_WAIT) {
			return Long.MAX_VALUE;
		}
		return refusal.waitNanos();
	}

	private static boolean admits(Admission admission) {
		return admission.status() == Admission.Status.GRANTED || admission.status() == Admission.Status.QUEUED;
	}

	/**
	 * A model a call may be reserved on.
	 */
	@FunctionalInterface
	public interface Candidate {

		/**
		 * Asks the model's budget to admit the call.
		 * @param maxWaitNanos longest acceptable wait; zero to be admitted at once or not
		 * @return granted or queued (the call is this model's), or refused with nothing
		 * debited
		 */
		Admission admit(long maxWaitNanos);

	}

	/**
	 * Where a call went.
	 *
	 * @param candidate the model that admitted the call, or the primary when none did
	 * @param admission its answer: granted or queued, or the primary's refusal
	 */
	public record Route(Candidate candidate, Admission admission) {
	}

}
