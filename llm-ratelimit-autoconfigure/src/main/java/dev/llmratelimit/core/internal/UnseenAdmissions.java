package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;

/**
 * Which of this budget's admissions a provider figure may not include yet: calls this
 * budget admitted and paid for whose requests may still have been on their way when the
 * provider produced the figure.
 * <p>
 * Rule (mirrored by every store):
 * <ol>
 * <li>A call the provider has answered (its response was observed) has been counted by
 * it: never unseen.</li>
 * <li>A figure in the response to a call of this budget was produced when the provider
 * ended that call. Calls admitted before it had reached the provider by then; every call
 * admitted after it and not answered yet may not have, however long ago it was admitted
 * (on a loaded client a request can take most of a second to leave), and is unseen.</li>
 * <li>A figure that belongs to no call of this budget was produced about one downstream
 * network transit before it was observed: the calls admitted less than the
 * <em>observation lag</em> before the observation and not answered yet are unseen.</li>
 * </ol>
 * An observation lag of zero turns the rule off: figures are taken as they are.
 * What is unseen is taken off the figure provisionally, and given back when the next
 * figure arrives (see {@link ObservationReconciler}): a guess too large costs headroom only
 * until then. Not thread-safe: guarded by its budget's lock.
 */
final class UnseenAdmissions {

	private static final Meter[] METERS = Meter.values();

	private final long lagNanos;

	/**
	 * Creates the rule.
	 * @param lagNanos how long before an observation a call may still be unseen by the
	 * provider when the figure belongs to no call of this budget; zero trusts every figure
	 * as it is
	 */
	UnseenAdmissions(long lagNanos) {
		this.lagNanos = lagNanos;
	}

	/**
	 * What the provider may not have counted when it produced a figure.
	 * @param leases the leases held
	 * @param observed the id of the held lease whose response carries the figure, or
	 * {@code null} when it belongs to no held lease
	 * @param now the observation instant
	 * @return units per meter ordinal
	 */
	double[] cost(LeaseBook leases, String observed, long now) {
		double[] unseen = new double[METERS.length];
		long observedAt = (observed != null) ? leases.admittedAt(observed) : Long.MIN_VALUE;
		if (this.lagNanos == 0) {
			return unseen;
		}
		long since = (observedAt != Long.MIN_VALUE) ? observedAt : now - this.lagNanos;
		leases.forEachUnanswered((held) -> {
			if (held.admittedAtNanos() - since > 0 && !held.lease().id().equals(observed)) {
				for (Meter meter : METERS) {
					unseen[meter.ordinal()] += held.lease().cost().amount(meter);
				}
			}
		});
		return unseen;
	}

}
