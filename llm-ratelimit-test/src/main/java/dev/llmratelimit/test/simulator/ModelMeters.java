package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The meters of one simulated model and what they have seen. Admission is atomic across
 * meters: every meter is charged or none. Scheduled limit changes and a neighbour's calls
 * are applied in time order whenever the meters are read, so they are exact on any clock.
 */
final class ModelMeters {

	private final OutputAccounting outputAccounting;

	private final Map<SimulatedMeter, RefillingBucket> buckets = new EnumMap<>(SimulatedMeter.class);

	private final Map<SimulatedMeter, Long> rejectedBy = new EnumMap<>(SimulatedMeter.class);

	private final List<ScheduledLimits> limitChanges;

	private final List<NeighbourCalls> neighbours;

	private SimulatedLimits limits;

	private int nextLimitChange;

	private long updatedAt;

	private long admitted;

	private long rejected;

	private long completed;

	private long inputTokens;

	private long outputTokens;

	private long neighbourCalls;

	private long neighbourRejected;

	private long firstEventAt;

	private long lastEventAt;

	/**
	 * Creates the meters as they were at the provider's origin.
	 * @param limits the limits at the origin
	 * @param changes the model's limit changes, in time order
	 * @param neighbours the model's neighbours
	 * @param origin the provider's origin, in nanos
	 */
	ModelMeters(SimulatedLimits limits, List<LimitChange> changes, List<SimulatedNeighbour> neighbours,
			OutputAccounting outputAccounting, long origin) {
		this.outputAccounting = outputAccounting;
		this.limits = limits;
		this.updatedAt = origin;
		this.limitChanges = changes.stream()
			.map((change) -> new ScheduledLimits(origin + change.at().toNanos(), change.limits()))
			.toList();
		this.neighbours = neighbours.stream().map((neighbour) -> new NeighbourCalls(neighbour, origin)).toList();
		limits.enforced().forEach((meter, limit) -> this.buckets.put(meter, new RefillingBucket(limit, origin)));
	}

	synchronized Verdict admit(long inputTokens, long maxTokens, long now) {
		advance(now);
		recordEvent(now);
		MeterRefusal refusal = refusal(inputTokens, maxTokens);
		if (refusal != null) {
			this.rejected++;
			this.rejectedBy.merge(refusal.meter(), 1L, Long::sum);
		}
		else {
			this.buckets.forEach((meter, bucket) -> bucket.take(admissionCost(meter, inputTokens, maxTokens)));
			this.admitted++;
		}
		return new Verdict(refusal, levels());
	}

	synchronized List<MeterLevel> settle(long inputTokens, long maxTokens, long outputTokens, long now) {
		advance(now);
		recordEvent(now);
		long reservedOutput = (this.outputAccounting == OutputAccounting.RESERVE_MAX_TOKENS) ? maxTokens : 0;
		long extra = outputTokens - reservedOutput;
		for (SimulatedMeter meter : new SimulatedMeter[] { SimulatedMeter.OUTPUT_TOKENS, SimulatedMeter.TOKENS }) {
			RefillingBucket bucket = this.buckets.get(meter);
			if (bucket != null) {
				if (extra >= 0) {
					bucket.take(extra);
				}
				else {
					bucket.giveBack(-extra);
				}
			}
		}
		this.completed++;
		this.inputTokens += inputTokens;
		this.outputTokens += outputTokens;
		return levels();
	}

	synchronized ModelStatistics statistics(long now) {
		advance(now);
		this.lastEventAt = Math.max(this.lastEventAt, now);
		Map<SimulatedMeter, MeterStatistics> meters = new EnumMap<>(SimulatedMeter.class);
		this.buckets.forEach((meter, bucket) -> meters.put(meter, bucket.statistics()));
		Duration active = (this.admitted + this.rejected > 0) ? Duration.ofNanos(this.lastEventAt - this.firstEventAt)
				: Duration.ZERO;
		return new ModelStatistics(this.admitted, this.rejected, Map.copyOf(this.rejectedBy), this.completed,
				this.inputTokens, this.outputTokens, this.neighbourCalls, this.neighbourRejected, active,
				Map.copyOf(meters));
	}

	synchronized SimulatedLimits limits(long now) {
		advance(now);
		return this.limits;
	}

	private void recordEvent(long now) {
		if (this.admitted + this.rejected == 0) {
			this.firstEventAt = now;
		}
		this.lastEventAt = Math.max(this.lastEventAt, now);
	}

	/** Brings every bucket to {@code now}, applying the events due on the way in order. */
	private void advance(long now) {
		while (true) {
			long next = nextEventAt();
			if (next > now) {
				break;
			}
			refill(next);
			applyEventsAt(next);
		}
		refill(now);
	}

	private long nextEventAt() {
		long next = (this.nextLimitChange < this.limitChanges.size())
				? this.limitChanges.get(this.nextLimitChange).at() : Long.MAX_VALUE;
		for (NeighbourCalls neighbour : this.neighbours) {
			next = Math.min(next, neighbour.nextCallAt());
		}
		return next;
	}

	private void applyEventsAt(long at) {
		while (this.nextLimitChange < this.limitChanges.size() && this.limitChanges.get(this.nextLimitChange).at() <= at) {
			changeLimits(this.limitChanges.get(this.nextLimitChange++).limits(), at);
		}
		for (NeighbourCalls neighbour : this.neighbours) {
			if (neighbour.nextCallAt() <= at) {
				neighbourCall(neighbour);
			}
		}
	}

	private void changeLimits(SimulatedLimits newLimits, long at) {
		Map<SimulatedMeter, Long> enforced = newLimits.enforced();
		this.buckets.keySet().retainAll(enforced.keySet());
		enforced.forEach((meter, limit) -> {
			RefillingBucket bucket = this.buckets.get(meter);
			if (bucket == null) {
				this.buckets.put(meter, new RefillingBucket(limit, at));
			}
			else {
				bucket.changeLimit(limit);
			}
		});
		this.limits = newLimits;
	}

	private void neighbourCall(NeighbourCalls neighbour) {
		RefillingBucket bucket = this.buckets.get(neighbour.meter());
		long units = neighbour.unitsPerCall();
		if (bucket == null || bucket.fits(units)) {
			if (bucket != null) {
				bucket.takeForNeighbour(units);
			}
			this.neighbourCalls++;
		}
		else {
			this.neighbourRejected++;
		}
		neighbour.called();
	}

	private void refill(long now) {
		if (now > this.updatedAt) {
			this.updatedAt = now;
		}
		this.buckets.values().forEach((bucket) -> bucket.refill(this.updatedAt));
	}

	private MeterRefusal refusal(long inputTokens, long maxTokens) {
		MeterRefusal refusal = null;
		for (Map.Entry<SimulatedMeter, RefillingBucket> entry : this.buckets.entrySet()) {
			RefillingBucket bucket = entry.getValue();
			long required = Math.max(1, admissionCost(entry.getKey(), inputTokens, maxTokens));
			long used = (long) Math.ceil(bucket.limit() - bucket.level());
			if (!bucket.canEverFit(required)) {
				return new MeterRefusal(entry.getKey(), bucket.nanosUntilFull(), true, bucket.limit(), used, required);
			}
			if (!bucket.fits(required)) {
				long wait = bucket.nanosUntil(required);
				if (refusal == null || wait > refusal.waitNanos()) {
					refusal = new MeterRefusal(entry.getKey(), wait, false, bucket.limit(), used, required);
				}
			}
		}
		return refusal;
	}

	private long admissionCost(SimulatedMeter meter, long inputTokens, long maxTokens) {
		long output = (this.outputAccounting == OutputAccounting.RESERVE_MAX_TOKENS) ? maxTokens : 0;
		return switch (meter) {
			case REQUESTS -> 1;
			case INPUT_TOKENS -> inputTokens;
			case OUTPUT_TOKENS -> output;
			case TOKENS -> inputTokens + output;
		};
	}

	private List<MeterLevel> levels() {
		List<MeterLevel> levels = new ArrayList<>(this.buckets.size());
		this.buckets.forEach((meter, bucket) -> levels.add(bucket.level(meter)));
		return levels;
	}

	record Verdict(MeterRefusal refusal, List<MeterLevel> levels) {
	}

	private record ScheduledLimits(long at, SimulatedLimits limits) {
	}

	/** The call times of one neighbour: every interval from its start until its stop. */
	private static final class NeighbourCalls {

		private final SimulatedNeighbour neighbour;

		private final long stopAt;

		private long nextCallAt;

		NeighbourCalls(SimulatedNeighbour neighbour, long origin) {
			this.neighbour = neighbour;
			this.nextCallAt = origin + neighbour.start().toNanos();
			long stop = neighbour.stop().toNanos();
			this.stopAt = (stop > Long.MAX_VALUE - origin) ? Long.MAX_VALUE : origin + stop;
		}

		long nextCallAt() {
			return (this.nextCallAt < this.stopAt) ? this.nextCallAt : Long.MAX_VALUE;
		}

		SimulatedMeter meter() {
			return this.neighbour.meter();
		}

		long unitsPerCall() {
			return this.neighbour.unitsPerCall();
		}

		void called() {
			this.nextCallAt += this.neighbour.intervalNanos();
		}

	}

}
