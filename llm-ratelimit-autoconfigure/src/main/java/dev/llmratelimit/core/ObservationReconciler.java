package dev.llmratelimit.core;

import java.util.ArrayDeque;

import dev.llmratelimit.LimitSource;
import dev.llmratelimit.Meter;

/**
 * Reconciles a {@link LocalBudget}'s meters with what the provider reports: limits the
 * provider names replace unset or different ones, and a meter's level drops to the
 * provider's remaining budget minus what this budget admitted after the provider produced
 * that figure (the level is never raised: the provider's figures may be rounded, and calls
 * in flight are still held here).
 * <p>
 * The instant a figure was produced is not known. Responses are observed the moment their
 * headers arrive (the HTTP hooks) or when the call's exception surfaces, so it lies one
 * downstream network transit before the observation. The calls admitted after it are
 * approximated as those admitted within a fixed <em>observation lag</em> before the
 * observation and, when the response belongs to a call of this budget, strictly after that
 * call. Calls still travelling to the provider when it produced the figure were admitted
 * earlier and are not subtracted; a lag of one round trip would cover them too. What a
 * figure took off for calls admitted within the lag is given back when the next figure for
 * that meter arrives, so a call the provider had in fact counted costs headroom only until
 * the next response. Not thread-safe: guarded by its budget's lock.
 */
final class ObservationReconciler {

	private static final Meter[] METERS = Meter.values();

	private final long lagNanos;

	private final ArrayDeque<Admitted> recentAdmissions = new ArrayDeque<>();

	/** Per meter, what the last observation took off for calls it took as unseen. */
	private final double[] unseenPenalty = new double[METERS.length];

	/**
	 * Creates a reconciler.
	 * @param lagNanos how long before an observation an admission may still be unseen by
	 * the provider; zero trusts the provider's figure as is
	 */
	ObservationReconciler(long lagNanos) {
		this.lagNanos = lagNanos;
	}

	/**
	 * Remembers an admission the provider may not see for a while.
	 * @param now the admission instant
	 * @param cost what was debited
	 */
	void admitted(long now, Cost cost) {
		if (this.lagNanos > 0) {
			forgetAdmissionsBefore(now - this.lagNanos);
			this.recentAdmissions.addLast(new Admitted(now, cost));
		}
	}

	/**
	 * Applies a provider's readings to the meters.
	 * @param snapshot what the provider reported
	 * @param callAdmittedAt when the call the response belongs to was admitted, or
	 * {@link Long#MIN_VALUE} when unknown
	 * @param now the current time, to which the meters are refilled
	 * @param meters the budget's meters
	 * @param events where limit changes and freed budget are recorded
	 */
	void reconcile(ProviderSnapshot snapshot, long callAdmittedAt, long now, MeterSet meters, BudgetEvents events) {
		double[] unseen = unseenByProvider(now, callAdmittedAt);
		snapshot.readings()
			.forEach((meter, reading) -> learn(meters, meter, reading, unseen[meter.ordinal()], now, events));
	}

	private void learn(MeterSet meters, Meter meter, MeterReading reading, double unseen, long now,
			BudgetEvents events) {
		LocalMeter bucket = meters.get(meter);
		if (reading.limit() != null && reading.limit() > 0) {
			long limit = reading.limit();
			if (bucket == null) {
				bucket = meters.add(meter, limit, LimitSource.HEADERS, now);
				events.limitChanged(meter, 0, limit);
			}
			else if (bucket.limit() != limit) {
				events.limitChanged(meter, bucket.limit(), limit);
				events.changedIf(limit > bucket.limit());
				bucket.setLimit(limit, LimitSource.HEADERS);
			}
			else {
				bucket.setLimit(limit, LimitSource.HEADERS);
			}
		}
		if (bucket != null && reading.remaining() != null && reading.remaining() >= 0) {
			// a newer figure replaces the guess about which calls the provider had not seen
			double penalty = this.unseenPenalty[meter.ordinal()];
			if (penalty > 0) {
				bucket.credit(penalty);
			}
			double providerOnly = Math.min(bucket.level(), reading.remaining());
			bucket.capAt(reading.remaining() - unseen);
			this.unseenPenalty[meter.ordinal()] = providerOnly - bucket.level();
		}
	}

	/**
	 * Cost per meter of the admissions made within the observation lag and, when the
	 * response belongs to a call, after that call's admission.
	 */
	private double[] unseenByProvider(long now, long callAdmittedAt) {
		forgetAdmissionsBefore(now - this.lagNanos);
		double[] unseen = new double[METERS.length];
		for (Admitted admitted : this.recentAdmissions) {
			if (callAdmittedAt == Long.MIN_VALUE || admitted.atNanos - callAdmittedAt > 0) {
				for (Meter meter : METERS) {
					unseen[meter.ordinal()] += admitted.cost.amount(meter);
				}
			}
		}
		return unseen;
	}

	private void forgetAdmissionsBefore(long nanos) {
		while (!this.recentAdmissions.isEmpty() && nanos - this.recentAdmissions.peekFirst().atNanos >= 0) {
			this.recentAdmissions.pollFirst();
		}
	}

	/** An admission the provider may not have seen yet. */
	private record Admitted(long atNanos, Cost cost) {
	}

}
