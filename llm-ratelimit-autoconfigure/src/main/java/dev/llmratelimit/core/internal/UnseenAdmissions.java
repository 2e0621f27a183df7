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
 * <li>A call leaves for the provider when a hook reports its request sent
 * ({@code Reservation.requestSent()}). Once any call of the budget was reported so, a call
 * not reported sent has not left yet: it is unseen by every figure. A budget whose
 * integration never reports a request sent takes the admission instant for it.</li>
 * <li>A figure was produced about one downstream network transit before it was observed:
 * the calls that left less than the <em>observation lag</em> before the observation are
 * unseen.</li>
 * <li>A figure in the response to a call of this budget was produced when the provider
 * ended that call: the calls that left before it had reached the provider by then, and
 * only those that left after it can be unseen.</li>
 * </ol>
 * An observation lag of zero turns the rule off: figures are taken as they are. What is
 * unseen is taken off the figure provisionally, and given back when the next figure
 * arrives (see {@link ObservationReconciler}): a guess too large costs headroom only until
 * then, but at every figure, so the lag is short. Without reports of requests sent, a
 * client that holds requests back longer than the lag after their admission (a loaded
 * machine) has the calls it holds counted twice until the next figure.
 * <p>
 * For the estimate of others' spending a figure must be exact, not safe: it is
 * {@link #settled settled} when every call that may be unseen had
 * {@value #ARRIVAL_MILLIS} ms (or the lag, when longer) since it left to reach the
 * provider, and those are then taken as counted. The calls that have not left are known
 * to be unseen: {@link #waiting}.
 * Not thread-safe: guarded by its budget's lock.
 */
final class UnseenAdmissions {

	/**
	 * How long after it left, in milliseconds, a call is taken to have reached the provider
	 * when estimating others' spending: a request a loaded machine holds back longer is
	 * rare, and skews one sample only.
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
	 * Whether every call that may be unseen by a figure, and has left, left long enough
	 * ago to have reached the provider: the figure is then exact enough to estimate
	 * others' spending from, taking those calls as counted and the {@link #waiting} ones as
	 * not.
	 * @param leases the leases held
	 * @param observed the id of the held lease whose response carries the figure, or
	 * {@code null} when it belongs to no held lease
	 * @param now the observation instant
	 * @return {@code true} when no call may still be on its way to the provider
	 */
	boolean settled(LeaseBook leases, String observed, long now) {
		return this.lagNanos == 0
				|| isZero(unseen(leases, observed, now - Math.max(this.lagNanos, ARRIVAL_NANOS), false));
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
		return (this.lagNanos != 0) ? unseen(leases, observed, now - this.lagNanos, true) : new double[METERS.length];
	}

	/**
	 * What the calls that have not left for the provider yet cost: unseen by any figure,
	 * exactly.
	 * @param leases the leases held
	 * @param observed the id of the held lease whose response carries the figure, or
	 * {@code null}
	 * @return units per meter ordinal, zero when the lag is zero
	 */
	double[] waiting(LeaseBook leases, String observed) {
		double[] waiting = new double[METERS.length];
		if (this.lagNanos != 0) {
			leases.forEachUnanswered((held) -> {
				if (leases.leftAt(held) == LeaseBook.NOT_LEFT && !held.lease().id().equals(observed)) {
					add(waiting, held);
				}
			});
		}
		return waiting;
	}

	/**
	 * The unanswered calls that left after {@code since} and after the observed call, and
	 * those that have not left when {@code notLeft}.
	 */
	private static double[] unseen(LeaseBook leases, String observed, long since, boolean notLeft) {
		double[] unseen = new double[METERS.length];
		long observedLeft = (observed != null) ? leases.leftAt(observed) : Long.MIN_VALUE;
		long observedAt = (observedLeft == LeaseBook.NOT_LEFT) ? leases.admittedAt(observed) : observedLeft;
		leases.forEachUnanswered((held) -> {
			if (held.lease().id().equals(observed)) {
				return;
			}
			long left = leases.leftAt(held);
			boolean afterObserved = observedAt == Long.MIN_VALUE || left - observedAt > 0;
			if ((left == LeaseBook.NOT_LEFT) ? notLeft : (left - since > 0 && afterObserved)) {
				add(unseen, held);
			}
		});
		return unseen;
	}

	private static void add(double[] amounts, LeaseBook.HeldLease held) {
		for (Meter meter : METERS) {
			amounts[meter.ordinal()] += held.lease().cost().amount(meter);
		}
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
