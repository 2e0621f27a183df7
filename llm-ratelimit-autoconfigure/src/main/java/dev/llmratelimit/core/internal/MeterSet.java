package dev.llmratelimit.core.internal;

import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.TimeSource;

/**
 * The meters of a {@link LocalBudget}, one slot per {@link Meter} ({@code null} while the
 * meter is unlimited), and what is asked of all of them at once: refill, whether a cost
 * fits or can be paid now (keeping the admission margin back), debit, refund, and how long
 * until a cost can be paid. What others spend of the same provider budget (see
 * {@link ExternalConsumption}) is charged as time passes and its bursts are kept free.
 * Not thread-safe: guarded by its budget's lock.
 */
final class MeterSet {

	private static final Meter[] METERS = Meter.values();

	private final LocalMeter[] meters = new LocalMeter[METERS.length];

	private final ModelLimits.Refill refill;

	private final ModelLimits limits;

	private final TimeSource time;

	private final long marginNanos;

	private final ExternalConsumption external;

	/** Per meter, up to when the external consumption was charged. */
	private final long[] externalChargedUntil = new long[METERS.length];

	private long now;

	/**
	 * Creates the configured meters, every one full.
	 * @param limits the model's limits
	 * @param marginNanos refill time held back at admission, zero for none
	 * @param external what others spend of the same provider budget
	 * @param time the time source (its wall clock places calendar days)
	 */
	MeterSet(ModelLimits limits, long marginNanos, ExternalConsumption external, TimeSource time) {
		long now = time.nanoTime();
		this.limits = limits;
		this.time = time;
		this.refill = (limits.refill() != null) ? limits.refill() : ModelLimits.Refill.CONTINUOUS;
		this.marginNanos = marginNanos;
		this.external = external;
		this.now = now;
		limits.limits().forEach((meter, limit) -> add(meter, limit, LimitSource.CONFIG, now));
	}

	/**
	 * The meter kept for {@code meter}.
	 * @param meter the meter
	 * @return its local meter, or {@code null} while it is unlimited
	 */
	LocalMeter get(Meter meter) {
		return this.meters[meter.ordinal()];
	}

	/**
	 * Starts limiting a meter that was unlimited, full.
	 * @param meter the meter
	 * @param limit its capacity
	 * @param source where the limit came from
	 * @param now the current time
	 * @return the new local meter
	 */
	LocalMeter add(Meter meter, long limit, LimitSource source, long now) {
		LocalMeter created;
		if (isDaily(meter) && this.limits.dailyReset() == ModelLimits.DailyReset.CALENDAR) {
			created = new CalendarDayMeter(meter, limit, source, now, this.time.now(), this.limits.dailyResetZone());
		}
		else if (meter.refills() && this.refill == ModelLimits.Refill.SLIDING_WINDOW) {
			created = new SlidingWindowMeter(meter, limit, source, now);
		}
		else {
			created = new MeterBucket(meter, limit, source, now);
		}
		this.meters[meter.ordinal()] = created;
		this.externalChargedUntil[meter.ordinal()] = now;
		return created;
	}

	private static boolean isDaily(Meter meter) {
		return meter == Meter.REQUESTS_PER_DAY || meter == Meter.TOKENS_PER_DAY;
	}

	/**
	 * Whether {@code candidate} is the meter this set keeps now (and not one that was
	 * unlimited when a call was admitted).
	 * @param candidate a meter a lease recorded
	 * @return {@code true} when it is still current
	 */
	boolean isCurrent(LocalMeter candidate) {
		return candidate != null && this.meters[candidate.meter().ordinal()] == candidate;
	}

	/**
	 * Brings every meter up to {@code now}.
	 * @param now the current time
	 */
	void refill(long now) {
		this.now = Math.max(this.now, now);
		for (LocalMeter meter : this.meters) {
			if (meter != null) {
				meter.refill(now);
				chargeExternal(meter, now);
			}
		}
	}

	/**
	 * Charges what others are estimated to have spent since the last charge, but never
	 * takes a meter below zero on their account.
	 */
	private void chargeExternal(LocalMeter meter, long now) {
		int index = meter.meter().ordinal();
		long elapsed = now - this.externalChargedUntil[index];
		if (elapsed <= 0 || !meter.refillsContinuously()) {
			return;
		}
		this.externalChargedUntil[index] = now;
		double spent = Math.min(this.external.ratePerNano(meter.meter(), now) * elapsed, Math.max(0, meter.level()));
		if (spent > 0) {
			meter.debit(spent);
			this.external.adjusted(meter.meter(), spent);
		}
	}

	/**
	 * Checks that a cost fits in every meter's capacity.
	 * @param cost the cost
	 * @return a too-large admission naming the first meter it does not fit, or
	 * {@code null} when it fits everywhere
	 */
	Admission checkFits(Cost cost) {
		for (LocalMeter meter : this.meters) {
			if (meter != null && cost.amount(meter.meter()) > meter.limit()) {
				return Admission.tooLarge(meter.meter(), meter.limit());
			}
		}
		return null;
	}

	/**
	 * Whether every meter can pay its part of {@code cost} now and keep its margin.
	 * @param cost the cost
	 * @return {@code true} when all can
	 */
	boolean canPay(Cost cost) {
		return canPay(cost, 0);
	}

	/**
	 * Whether every meter can pay its part of {@code cost} now and keep its margin and
	 * {@code reserve} of its limit (never so much that a call the meter can hold would not
	 * fit a full meter).
	 * @param cost the cost
	 * @param reserve the fraction of each limit to keep for others, such as the
	 * low-priority reserve
	 * @return {@code true} when all can
	 */
	boolean canPay(Cost cost, double reserve) {
		for (LocalMeter meter : this.meters) {
			if (meter != null) {
				double amount = cost.amount(meter.meter());
				if (!meter.canPay(amount + kept(meter, amount, reserve))) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Debits every meter its part of {@code cost}.
	 * @param cost the cost
	 * @return the meters that paid, indexed by meter ordinal, for the lease to remember
	 */
	LocalMeter[] debit(Cost cost) {
		for (LocalMeter meter : this.meters) {
			if (meter != null) {
				meter.debit(cost.amount(meter.meter()));
			}
		}
		return this.meters.clone();
	}

	/**
	 * Gives back (or, where negative, debits) {@code refund} on the meters that paid for a
	 * call. A meter learned after the call's admission never held its cost and is left alone.
	 * @param debited the meters that paid, as returned by {@link #debit}
	 * @param refund what to give back per meter
	 * @return whether any level rose
	 */
	boolean refund(LocalMeter[] debited, Cost refund) {
		boolean rose = false;
		for (LocalMeter meter : debited) {
			if (isCurrent(meter)) {
				double amount = refund.amount(meter.meter());
				if (amount > 0) {
					rose |= meter.credit(amount);
				}
				else if (amount < 0) {
					meter.debit(-amount);
				}
			}
		}
		return rose;
	}

	/**
	 * Gives back {@code amount} on every meter, as the settlement of a call that paid on
	 * all of them would.
	 * @param amount what to give back per meter
	 * @return whether any level rose
	 */
	boolean credit(Cost amount) {
		return refund(this.meters, amount);
	}

	/**
	 * Gives back the concurrency slot of a call that will never settle. Its rate meters
	 * stay charged: the provider may well have served it.
	 * @param debited the meters that paid, as returned by {@link #debit}
	 * @param cost what the call was debited
	 */
	void releaseConcurrency(LocalMeter[] debited, Cost cost) {
		LocalMeter concurrency = debited[Meter.CONCURRENT_REQUESTS.ordinal()];
		if (isCurrent(concurrency)) {
			concurrency.credit(cost.amount(Meter.CONCURRENT_REQUESTS));
		}
	}

	/**
	 * How long until every meter can pay {@code ahead} (what the queue ahead and the call
	 * itself cost), keeping the margin of {@code last}, the call itself.
	 * @param ahead cost per meter ordinal of the calls ahead plus the call
	 * @param last the call's own cost, or {@code null}
	 * @return the longest wait and the meter it comes from
	 */
	Wait waitFor(double[] ahead, Cost last) {
		return waitFor(ahead, last, 0);
	}

	/**
	 * How long until every meter can pay {@code ahead}, keeping the margin of {@code last}
	 * and {@code reserve} of its limit.
	 * @param ahead cost per meter ordinal of the calls ahead plus the call
	 * @param last the call's own cost, or {@code null}
	 * @param reserve the fraction of each limit to keep for others
	 * @return the longest wait and the meter it comes from
	 */
	Wait waitFor(double[] ahead, Cost last, double reserve) {
		long wait = 0;
		Meter binding = null;
		for (LocalMeter meter : this.meters) {
			if (meter == null) {
				continue;
			}
			double amount = (last != null) ? last.amount(meter.meter()) : 0;
			long nanos = meter.nanosUntil(ahead[meter.meter().ordinal()] + kept(meter, amount, reserve));
			if (nanos == Admission.UNKNOWN_WAIT) {
				return new Wait(meter.meter(), Admission.UNKNOWN_WAIT);
			}
			if (nanos > wait) {
				wait = nanos;
				binding = meter.meter();
			}
		}
		return new Wait(binding, wait);
	}

	/**
	 * A snapshot of every limited meter.
	 * @return limit, level and source per meter
	 */
	Map<Meter, MeterState> states() {
		Map<Meter, MeterState> states = new EnumMap<>(Meter.class);
		for (LocalMeter meter : this.meters) {
			if (meter != null) {
				double perWindow = meter.meter().window()
					.map((window) -> this.external.ratePerNano(meter.meter(), this.now) * window.toNanos())
					.orElse(0.0);
				states.put(meter.meter(), new MeterState(meter.limit(), meter.level(), meter.source(), perWindow));
			}
		}
		return states;
	}

	/**
	 * The margin, the room left for consumption outside this application, and
	 * {@code reserve} of the limit: all of it never more than a full meter spares.
	 */
	private double kept(LocalMeter meter, double amount, double reserve) {
		double kept = margin(meter, amount) + externalRoom(meter, amount);
		if (reserve <= 0) {
			return kept;
		}
		return kept + Math.max(0, Math.min(reserve * meter.limit(), meter.limit() - amount - kept));
	}

	/**
	 * What a continuously refilling meter keeps back when it pays {@code amount}: the refill
	 * of the admission margin, but never so much that a call the meter can hold would not
	 * fit. Sliding windows and the concurrency counter keep nothing back.
	 */
	private double margin(LocalMeter meter, double amount) {
		if (this.marginNanos == 0 || !meter.refillsContinuously()) {
			return 0;
		}
		double refillOfMargin = (double) meter.limit() * this.marginNanos / meter.meter().window().orElseThrow().toNanos();
		return Math.max(0, Math.min(refillOfMargin, meter.limit() - amount));
	}

	/**
	 * What a meter keeps free for others' bursts when it pays {@code amount}, but never so
	 * much that a call the meter can hold would not fit.
	 */
	private double externalRoom(LocalMeter meter, double amount) {
		double burst = this.external.burst(meter.meter(), this.now, meter.limit());
		return (burst > 0) ? Math.max(0, Math.min(burst, meter.limit() - amount - margin(meter, amount))) : 0;
	}

	/**
	 * The wait until a cost can be paid.
	 *
	 * @param meter the meter that binds, {@code null} when none does
	 * @param nanos the wait, or {@link Admission#UNKNOWN_WAIT}
	 */
	record Wait(Meter meter, long nanos) {
	}

}
