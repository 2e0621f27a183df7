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
 * <li>A figure was produced about one downstream network transit before it was observed:
 * the calls admitted less than the <em>observation lag</em> before the observation and
 * not answered yet are unseen.</li>
 * <li>A figure in the response to a call of this budget was produced when the provider
 * ended that call: the calls admitted before it had reached the provider by then, and only
 * those admitted after it can be unseen.</li>
 * </ol>
 * An observation lag of zero turns the rule off: figures are taken as they are. What is
 * unseen is taken off the figure provisionally, and given back when the next figure
 * arrives (see {@link ObservationReconciler}): a guess too large costs headroom only until
 * then, but at every figure, so the lag is short. A client that holds requests back longer
 * (a loaded machine) needs a longer lag: calls it misses are counted twice until the next
 * figure.
 * <p>
 * For the estimate of others' spending a figure must be exact, not safe: it is
 * {@link #settled settled} when every call that may be unseen had
 * {@value #ARRIVAL_MILLIS} ms (or the lag, when longer) to reach the provider, and those
 * are then taken as counted.
 * Not thread-safe: guarded by its budget's lock.
 */
final class UnseenAdmissions {

	/**
	 * How long after its admission, in milliseconds, a call is taken to have reached the
	 * provider when estimating others' spending: a request a loaded client holds back
	 * longer is rare, and skews one sample only.
	 */
	static final long ARRIVAL_MILLIS = 1000;

	private static final long ARRIVAL_NANOS = ARRIVAL_MILLIS * 1_000_000L;

	private static final Meter[] METERS = Meter.values();

	private final long lagNanos;

	/**
	 * Creates the rule.
	 * @param lagNanos how long before an observation a call may still be unseen by the
	 * provider; zero trusts every figure as it is
	 */
	UnseenAdmissions(long lagNanos) {
		this.lagNanos = lagNanos;
	}

	/**
	 * Whether every call that may be unseen by a figure was admitted long enough ago to
	 * have reached the provider: the figure is then exact enough to estimate others'
	 * spending from, taking those calls as counted.
	 * @param leases the leases held
	 * @param observed the id of the held lease whose response carries the figure, or
	 * {@code null} when it belongs to no held lease
	 * @param now the observation instant
	 * @return {@code true} when no call may still be on its way to the provider
	 */
	boolean settled(LeaseBook leases, String observed, long now) {
		return this.lagNanos == 0 || isZero(unseen(leases, observed, now - Math.max(this.lagNanos, ARRIVAL_NANOS)));
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
		return (this.lagNanos != 0) ? unseen(leases, observed, now - this.lagNanos) : new double[METERS.length];
	}

	/**
	 * The unanswered calls admitted after {@code since} and after the observed call.
	 */
	private static double[] unseen(LeaseBook leases, String observed, long since) {
		double[] unseen = new double[METERS.length];
		long observedAt = (observed != null) ? leases.admittedAt(observed) : Long.MIN_VALUE;
		leases.forEachUnanswered((held) -> {
			long at = held.admittedAtNanos();
			boolean afterObserved = observedAt == Long.MIN_VALUE || at - observedAt > 0;
			if (at - since > 0 && afterObserved && !held.lease().id().equals(observed)) {
				for (Meter meter : METERS) {
					unseen[meter.ordinal()] += held.lease().cost().amount(meter);
				}
			}
		});
		return unseen;
	}

	private static boolean isZero(double[] amounts) {
		for (double amount : amounts) {
			if (amount != 0) {
				return false;
			}
		}
		return true;
	}

}
