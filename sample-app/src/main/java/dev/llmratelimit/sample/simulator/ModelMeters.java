package dev.llmratelimit.sample.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The meters of one simulated model and what they have seen. Admission is atomic across
 * meters: every meter is charged or none.
 */
final class ModelMeters {

	private static final String HEADER_PREFIX = "anthropic-ratelimit-";

	private final OutputAccounting outputAccounting;

	private final Map<SimulatedMeter, RefillingBucket> buckets = new EnumMap<>(SimulatedMeter.class);

	private final Map<SimulatedMeter, Long> rejectedBy = new EnumMap<>(SimulatedMeter.class);

	private long admitted;

	private long rejected;

	private long firstEventAt;

	private long lastEventAt;

	ModelMeters(SimulatedLimits limits, OutputAccounting outputAccounting, long now) {
		this.outputAccounting = outputAccounting;
		limits.enforced().forEach((meter, limit) -> this.buckets.put(meter, new RefillingBucket(limit, now)));
	}

	synchronized Verdict admit(long inputTokens, long maxTokens, long now, Instant wallNow) {
		refill(now);
		Refusal refusal = refusal(inputTokens, maxTokens);
		if (refusal != null) {
			this.rejected++;
			this.rejectedBy.merge(refusal.meter(), 1L, Long::sum);
		}
		else {
			this.buckets.forEach((meter, bucket) -> bucket.take(admissionCost(meter, inputTokens, maxTokens)));
			this.admitted++;
		}
		return new Verdict(refusal, headers(now, wallNow));
	}

	synchronized Map<String, String> settle(long maxTokens, long outputTokens, long now, Instant wallNow) {
		refill(now);
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
		return headers(now, wallNow);
	}

	synchronized ModelStatistics statistics(long now) {
		refill(now);
		Map<SimulatedMeter, MeterStatistics> meters = new EnumMap<>(SimulatedMeter.class);
		this.buckets.forEach((meter, bucket) -> meters.put(meter, bucket.statistics()));
		Duration active = (this.admitted + this.rejected > 0) ? Duration.ofNanos(this.lastEventAt - this.firstEventAt)
				: Duration.ZERO;
		return new ModelStatistics(this.admitted, this.rejected, Map.copyOf(this.rejectedBy), active, meters);
	}

	private void refill(long now) {
		if (this.admitted + this.rejected == 0) {
			this.firstEventAt = now;
		}
		this.lastEventAt = Math.max(this.lastEventAt, now);
		this.buckets.values().forEach((bucket) -> bucket.refill(now));
	}

	private Refusal refusal(long inputTokens, long maxTokens) {
		Refusal refusal = null;
		for (Map.Entry<SimulatedMeter, RefillingBucket> entry : this.buckets.entrySet()) {
			RefillingBucket bucket = entry.getValue();
			double required = Math.max(1, admissionCost(entry.getKey(), inputTokens, maxTokens));
			if (!bucket.canEverFit(required)) {
				return new Refusal(entry.getKey(), bucket.nanosUntilFull(), true);
			}
			if (!bucket.fits(required)) {
				long wait = bucket.nanosUntil(required);
				if (refusal == null || wait > refusal.waitNanos()) {
					refusal = new Refusal(entry.getKey(), wait, false);
				}
			}
		}
		return refusal;
	}

	private long admissionCost(SimulatedMeter meter, long inputTokens, long maxTokens) {
		long output = (this.outputAccounting == OutputAccounting.RESERVE_MAX_TOKENS) ? maxTokens : 0;
		switch (meter) {
			case REQUESTS:
				return 1;
			case INPUT_TOKENS:
				return inputTokens;
			case OUTPUT_TOKENS:
				return output;
			default:
				return inputTokens + output;
		}
	}

	private Map<String, String> headers(long now, Instant wallNow) {
		Map<String, String> headers = new LinkedHashMap<>();
		this.buckets.forEach((meter, bucket) -> putHeaders(headers, meter.headerFamily(), bucket.limit(),
				remaining(meter, bucket.level(), bucket.limit()), reset(wallNow, bucket.nanosUntilFull())));
		if (!this.buckets.containsKey(SimulatedMeter.TOKENS)) {
			putCombinedTokenHeaders(headers, wallNow);
		}
		return headers;
	}

	// Without a tokens-per-minute limit the combined family reports input and output
	// together, as in Anthropic's documented example.
	private void putCombinedTokenHeaders(Map<String, String> headers, Instant wallNow) {
		RefillingBucket input = this.buckets.get(SimulatedMeter.INPUT_TOKENS);
		RefillingBucket output = this.buckets.get(SimulatedMeter.OUTPUT_TOKENS);
		if (input == null || output == null) {
			return;
		}
		long limit = input.limit() + output.limit();
		putHeaders(headers, SimulatedMeter.TOKENS.headerFamily(), limit,
				remaining(SimulatedMeter.TOKENS, input.level() + output.level(), limit),
				reset(wallNow, Math.max(input.nanosUntilFull(), output.nanosUntilFull())));
	}

	private static void putHeaders(Map<String, String> headers, String family, long limit, long remaining,
			Instant reset) {
		headers.put(HEADER_PREFIX + family + "-limit", Long.toString(limit));
		headers.put(HEADER_PREFIX + family + "-remaining", Long.toString(remaining));
		headers.put(HEADER_PREFIX + family + "-reset", reset.toString());
	}

	// Anthropic reports remaining tokens rounded to the nearest thousand.
	private static long remaining(SimulatedMeter meter, double level, long limit) {
		if (level <= 0) {
			return 0;
		}
		if (!meter.countsTokens()) {
			return (long) Math.floor(level);
		}
		return Math.min(limit, Math.round(level / 1000) * 1000);
	}

	private static Instant reset(Instant wallNow, long nanosUntilFull) {
		Instant full = wallNow.plusNanos(nanosUntilFull);
		Instant seconds = full.truncatedTo(ChronoUnit.SECONDS);
		return seconds.equals(full) ? seconds : seconds.plusSeconds(1);
	}

	record Refusal(SimulatedMeter meter, long waitNanos, boolean neverFits) {
	}

	record Verdict(Refusal refusal, Map<String, String> headers) {
	}

}
