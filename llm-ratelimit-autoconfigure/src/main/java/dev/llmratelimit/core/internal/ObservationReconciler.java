package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;

/**
 * Reconciles a {@link LocalBudget}'s meters with what the provider reports. The provider's
 * figures are the truth; the meters are a forecast of them between figures.
 * <p>
 * For each meter a figure names, in this order:
 * <ol>
 * <li>Limits: see {@link LimitLearning}. A reset time tells a calendar-day meter when
 * its budget really returns ({@link LocalMeter#resetsIn}).</li>
 * <li>The provider's remaining is read as a range, see {@link RemainingRange}.</li>
 * <li>What the provider has not counted yet is taken off that range: <em>firm</em>
 * amounts, known exactly (the output held by calls in flight on meters the provider
 * charges at completion, see {@link InFlightHolds}), and <em>provisional</em> ones, a
 * guess given back when the next figure for the meter arrives: the observed call's own
 * output hold and the calls the provider may not have seen when it produced the figure
 * (see {@link UnseenAdmissions}; on meters charged at completion they are among the firm
 * holds already).</li>
 * <li>The figure is recorded for {@link ExternalConsumption}, before the level moves, net
 * of the firm amounts, of the answered calls' holds and of the calls that have not left
 * for the provider yet ({@link UnseenAdmissions#waiting}), but only when every other call
 * that may be unseen left long enough ago to have reached the provider
 * ({@link UnseenAdmissions#settled}); those are then taken as counted. A safe guess of
 * whole calls would scatter the samples by a call's cost each.</li>
 * <li>When the limit changed, this budget's bookkeeping no longer holds: the level (moved
 * with the limit, what was used staying used) is brought into the provider's range less
 * firm and provisional amounts, up or down, but never below minus the new limit. A rising
 * limit is used at once, a falling one costs no more debt than the new capacity.</li>
 * <li>Otherwise the level is capped only when it is above the most the provider may have
 * left (less firm and provisional amounts), and then to the likely remaining (less the
 * same): a rounded figure is a range, and this budget's own bookkeeping, which is exact,
 * is kept while it falls inside it. The level is never raised here: figures may be stale,
 * and what this budget lost is refilled in time.</li>
 * </ol>
 * A refusal (429) naming a meter empties it. Every move of a level made here is reported
 * to {@link ExternalConsumption} as an adjustment. Not thread-safe: guarded by its
 * budget's lock.
 */
final class ObservationReconciler {

	private static final Meter[] METERS = Meter.values();

	private final UnseenAdmissions unseen;

	private final InFlightHolds holds;

	private final ExternalConsumption external;

	private final LimitCuts cuts = new LimitCuts();

	/** Per meter, what the last figure took off provisionally. */
	private final double[] provisionalPenalty = new double[METERS.length];

	/**
	 * Creates a reconciler.
	 * @param unseen which admissions the provider may not have counted yet
	 * @param holds which in-flight holds the provider has not charged
	 * @param external the estimate of what others spend
	 */
	ObservationReconciler(UnseenAdmissions unseen, InFlightHolds holds, ExternalConsumption external) {
		this.unseen = unseen;
		this.holds = holds;
		this.external = external;
	}

	/**
	 * Applies a provider's figures to the meters.
	 * @param snapshot what the provider reported
	 * @param call the lease id of the call the response belongs to, or {@code null}
	 * @param now the current time, to which the meters are refilled
	 * @param meters the budget's meters
	 * @param leases the leases held
	 * @param events where limit changes and freed budget are recorded
	 */
	void reconcile(ProviderSnapshot snapshot, String call, long now, MeterSet meters, LeaseBook leases,
			BudgetEvents events) {
		String observed = (call != null && leases.holds(call)) ? call : null;
		if (observed != null) {
			leases.answered(observed);
		}
		double[] provisional = this.unseen.cost(leases, observed, now);
		double[] firm = this.holds.firm(leases);
		double[] own = this.holds.answered(leases);
		double[] waiting = this.unseen.waiting(leases, observed);
		boolean settled = this.unseen.settled(leases, observed, now);
		double[] exactlyUnseen = new double[METERS.length];
		for (Meter meter : METERS) {
			int ordinal = meter.ordinal();
			if (this.holds.chargedAtCompletion(meter)) {
				provisional[ordinal] = 0;
				waiting[ordinal] = 0;
			}
			provisional[ordinal] += own[ordinal];
			exactlyUnseen[ordinal] = own[ordinal] + waiting[ordinal];
		}
		snapshot.readings().forEach((meter, reading) -> {
			boolean exact = settled || this.holds.chargedAtCompletion(meter);
			apply(meters, meter, reading, new Deductions(firm[meter.ordinal()], provisional[meter.ordinal()],
					exact ? exactlyUnseen[meter.ordinal()] : Double.NaN), now, events);
		});
		if (snapshot.isRateLimited() && snapshot.throttledMeter() != null) {
			LocalMeter throttled = meters.get(snapshot.throttledMeter());
			if (throttled != null) {
				moveTo(throttled, Math.min(throttled.level(), -firm[throttled.meter().ordinal()]));
			}
		}
	}

	/**
	 * Whether a rate-limit refusal is explained by a limit cut this budget learned after
	 * the refused call was admitted, see {@link LimitCuts}. Asked before the refused
	 * call settles.
	 * @param snapshot the refusal
	 * @param call the lease id of the refused call, or {@code null}
	 * @param leases the leases held
	 * @return {@code true} when the refusal need not close the model
	 */
	boolean explainedByCut(ProviderSnapshot snapshot, String call, LeaseBook leases) {
		return call != null && leases.holds(call)
				&& this.cuts.explain(snapshot.throttledMeter(), leases.admittedAt(call));
	}

	private void apply(MeterSet meters, Meter meter, MeterReading reading, Deductions deductions, long now,
			BudgetEvents events) {
		double firm = deductions.firm();
		double provisional = deductions.provisional();
		LocalMeter known = meters.get(meter);
		long limitBefore = (known != null) ? known.limit() : Long.MAX_VALUE;
		boolean limitChanged = LimitLearning.learn(meters, meter, reading, now, events);
		LocalMeter local = meters.get(meter);
		if (limitChanged) {
			this.external.forget(meter);
			if (local.limit() < limitBefore) {
				this.cuts.cut(meter, now);
			}
		}
		if (local != null && reading.resetAfter() != null) {
			local.resetsIn(reading.resetAfter().toNanos());
		}
		if (local == null || reading.remaining() == null || reading.remaining() < 0) {
			return;
		}
		double penalty = this.provisionalPenalty[meter.ordinal()];
		if (penalty > 0) {
			double held = local.level();
			local.credit(penalty);
			this.external.adjusted(meter, held - local.level());
		}
		RemainingRange range = RemainingRange.of(meter, reading, local.limit(), local.refillsContinuously());
		double before = local.level();
		double likely = range.likely() - firm;
		if (!Double.isNaN(deductions.forEstimate())) {
			this.external.observed(meter, now, before, likely - deductions.forEstimate(), range.high() - range.low(),
					local.limit());
		}
		double figureAlone;
		double after;
		if (limitChanged) {
			double least = range.low() - firm;
			double most = range.high() - firm;
			figureAlone = Math.max(-local.limit(), clamp(before, least, most));
			after = Math.max(-local.limit(), clamp(before, least - provisional, most - provisional));
		}
		else {
			double most = range.high() - firm;
			figureAlone = (before > most) ? Math.min(before, likely) : before;
			after = (before > most - provisional) ? Math.min(before, likely - provisional) : before;
		}
		moveTo(local, after);
		events.changedIf(local.level() > before);
		this.provisionalPenalty[meter.ordinal()] = Math.max(0, figureAlone - local.level());
	}

	private static double clamp(double value, double least, double most) {
		return Math.max(least, Math.min(value, most));
	}

	private void moveTo(LocalMeter local, double level) {
		double before = local.level();
		local.moveTo(level);
		this.external.adjusted(local.meter(), before - local.level());
	}

	/**
	 * What is taken off a figure of one meter.
	 *
	 * @param firm amounts known exactly, never given back
	 * @param provisional the safe guess of what the provider has not counted yet, given
	 * back at the next figure
	 * @param forEstimate the likely value of what it has not counted (the answered calls'
	 * holds and the calls that have not left), for the estimate of others' spending;
	 * {@code NaN} when calls may still be on their way and the figure is not exact enough
	 * to sample
	 */
	private record Deductions(double firm, double provisional, double forEstimate) {
	}

}
