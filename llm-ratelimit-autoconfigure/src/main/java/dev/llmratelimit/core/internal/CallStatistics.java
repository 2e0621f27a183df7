package dev.llmratelimit.core.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.ObservedCalls.CacheReads;
import dev.llmratelimit.core.internal.ObservedCalls.OutputTokens;

/**
 * Collects what a model's calls really cost, how long they took and how much output they
 * produced against what they reserved: the observations {@link AdviceCalculator} turns
 * into advice. Memory is bounded and small: per model, means over the most recent calls
 * (1,024 by default, summed in 16 blocks) and the output tokens of those calls for their
 * percentiles, about 10 KB for a busy model; per call site, at most 64 per model, the
 * mean reserved and the output of the most recent 256 calls, about 2 KB each; and the
 * admission times of at most 10,000 calls in flight. Thread-safe.
 * <p>
 * Call latency is measured from admission to settlement. The listener events carry no
 * reservation id, so a call is recognised by the identity of its reserved {@link Cost},
 * which a {@link Budget} hands back unchanged in the {@link Lease}.
 */
public final class CallStatistics implements LimiterListener {

	/** Calls kept per model unless told otherwise. */
	public static final int DEFAULT_CAPACITY = 1024;

	private static final int CALL_SITE_CAPACITY = 256;

	private static final int MAX_CALL_SITES = 64;

	private static final int MAX_TRACKED_CALLS = 10_000;

	private static final Meter[] METERS = Meter.values();

	private final TimeSource time;

	private final int capacity;

	private final Map<String, ModelCalls> models = new ConcurrentHashMap<>();

	private final Map<SameCost, Long> admittedAt = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<SameCost, Long> eldest) {
			// a store that does not hand the cost back unchanged must not make this grow
			return size() > MAX_TRACKED_CALLS;
		}

	});

	/**
	 * Creates statistics keeping the default number of calls per model.
	 * @param time the limiter's time source, used to measure call latency
	 */
	public CallStatistics(TimeSource time) {
		this(time, DEFAULT_CAPACITY);
	}

	/**
	 * Creates statistics keeping {@code capacity} recent calls per model.
	 * @param time the limiter's time source, used to measure call latency
	 * @param capacity calls kept per model, positive
	 */
	public CallStatistics(TimeSource time, int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be positive, was " + capacity);
		}
		this.time = Objects.requireNonNull(time, "time");
		this.capacity = capacity;
	}

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		this.admittedAt.put(new SameCost(reserved), this.time.nanoTime());
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		Long start = this.admittedAt.remove(new SameCost(reserved));
		if (outcome == Settlement.CANCELLED || outcome == Settlement.THROTTLED) {
			return;
		}
		long latency = (start != null && outcome == Settlement.COMPLETED) ? this.time.nanoTime() - start : -1;
		calls(model).record(reserved, actual, usage, latency);
	}

	@Override
	public void removed(String model) {
		this.models.remove(model);
	}

	@Override
	public void leaseExpired(String model, Lease lease) {
		this.admittedAt.remove(new SameCost(lease.cost()));
	}

	/**
	 * Records one call of a call site (for example an annotated method), so that the
	 * max-tokens audit can name the call sites that over-reserve. The aspect calls this
	 * after the call completed.
	 * @param model the model id
	 * @param callSite a bounded name of the call site, such as {@code ChatService.ask}
	 * @param reservedMaxTokens output tokens the call reserved
	 * @param outputTokens output tokens the call produced
	 */
	public void recordCallSite(String model, String callSite, long reservedMaxTokens, long outputTokens) {
		calls(model).recordCallSite(callSite, reservedMaxTokens, outputTokens);
	}

	/**
	 * Models with at least one settled call.
	 * @return the model ids
	 */
	public Set<String> models() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.models.keySet()));
	}

	/**
	 * What was observed of a model's recent calls.
	 * @param model the model id
	 * @return the observations, empty when no call of the model settled yet
	 */
	public Optional<ObservedCalls> observed(String model) {
		ModelCalls calls = this.models.get(model);
		return (calls != null) ? Optional.of(calls.snapshot(model)) : Optional.empty();
	}

	private ModelCalls calls(String model) {
		return this.models.computeIfAbsent(model, (id) -> new ModelCalls(this.capacity));
	}

	private static OutputTokens outputTokens(double meanReserved, SampleRing output) {
		if (output.size() == 0) {
			return OutputTokens.NONE;
		}
		double[] sorted = output.sorted();
		return new OutputTokens(output.size(), meanReserved, output.mean(),
				Math.round(SampleRing.percentile(sorted, 0.95)), Math.round(SampleRing.percentile(sorted, 0.99)),
				Math.round(sorted[sorted.length - 1]));
	}

	/**
	 * Recent calls of one model: the means of what they cost per meter, their input, their
	 * reserved output and their latency, and the output of each for its percentiles.
	 */
	private static final class ModelCalls {

		private static final int INPUT = METERS.length;

		private static final int RESERVED_OUTPUT = INPUT + 1;

		private static final int LATENCY = INPUT + 2;

		private static final int SERIES = INPUT + 3;

		private final RecentMeans means;

		private final SampleRing output;

		private final Map<String, CallSite> callSites = new LinkedHashMap<>();

		private long inputTokens;

		private long cacheReadInputTokens;

		private long uncountedInputTokens;

		ModelCalls(int capacity) {
			this.means = new RecentMeans(SERIES, capacity);
			this.output = new SampleRing(capacity);
		}

		synchronized void record(Cost reserved, Cost actual, LlmUsage usage, long latencyNanos) {
			this.means.nextCall();
			for (Meter meter : METERS) {
				this.means.add(meter.ordinal(), actual.amount(meter));
			}
			if (latencyNanos >= 0) {
				this.means.add(LATENCY, latencyNanos);
			}
			if (usage != null) {
				this.means.add(INPUT, usage.totalInputTokens());
				this.means.add(RESERVED_OUTPUT, reserved.amount(Meter.OUTPUT_TOKENS_PER_MINUTE));
				this.output.add(usage.outputTokens());
				this.inputTokens += usage.totalInputTokens();
				this.cacheReadInputTokens += usage.cacheReadInputTokens();
				double counted = actual.amount(Meter.INPUT_TOKENS_PER_MINUTE);
				this.uncountedInputTokens += Math.max(0, usage.totalInputTokens() - Math.round(counted));
			}
		}

		synchronized void recordCallSite(String name, long reservedMaxTokens, long outputTokens) {
			CallSite site = this.callSites.get(name);
			if (site == null) {
				if (this.callSites.size() >= MAX_CALL_SITES) {
					return;
				}
				site = new CallSite();
				this.callSites.put(name, site);
			}
			site.reserved.nextCall();
			site.reserved.add(0, reservedMaxTokens);
			site.output.add(outputTokens);
		}

		synchronized ObservedCalls snapshot(String model) {
			Map<Meter, Double> meanCost = new EnumMap<>(Meter.class);
			for (Meter meter : METERS) {
				meanCost.put(meter, this.means.mean(meter.ordinal()));
			}
			Map<String, OutputTokens> sites = new LinkedHashMap<>();
			this.callSites.forEach((name, site) -> sites.put(name, outputTokens(site.reserved.mean(0), site.output)));
			long meanLatency = (this.means.count(LATENCY) > 0) ? Math.round(this.means.mean(LATENCY)) : -1;
			return new ObservedCalls(model, this.means.calls(), meanCost, this.means.mean(INPUT), this.output.mean(),
					meanLatency, outputTokens(this.means.mean(RESERVED_OUTPUT), this.output), sites,
					new CacheReads(this.inputTokens, this.cacheReadInputTokens, this.uncountedInputTokens));
		}

	}

	/** A cost compared by identity: equal costs of two calls are still two calls. */
	private record SameCost(Cost cost) {

		@Override
		public boolean equals(Object other) {
			return other instanceof SameCost that && this.cost == that.cost;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.cost);
		}

	}

	/** Recent calls of one call site. */
	private static final class CallSite {

		private final RecentMeans reserved = new RecentMeans(1, CALL_SITE_CAPACITY);

		private final SampleRing output = new SampleRing(CALL_SITE_CAPACITY);

	}

}
