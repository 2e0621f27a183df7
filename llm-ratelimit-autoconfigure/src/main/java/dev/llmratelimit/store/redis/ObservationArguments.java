package dev.llmratelimit.store.redis;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.internal.LocalBudget;
import dev.llmratelimit.core.internal.RemainingRange;

/**
 * Writes what a provider response tells as the operation arguments of the observe
 * script: per meter the reported limit, where the provider's remaining lies
 * ({@link RemainingRange}, worked out here rather than in Lua) and that range's width, and when it
 * resets; then whether the call was rate limited, for how long, on which meter, and how
 * the model counts output and outside use. Stateless.
 */
final class ObservationArguments {

	private ObservationArguments() {
	}

	/**
	 * The observe script's own arguments for a provider response.
	 * @param snapshot the response's figures
	 * @param callId the id of the lease of the call it answers, or empty
	 * @param limits the model's configured limits
	 * @return the arguments, in the script's order
	 */
	static String[] of(ProviderSnapshot snapshot, String callId, ModelLimits limits) {
		Map<Meter, MeterReading> readings = snapshot.readings();
		String reportedLimits = CostCodec.join((meter) -> {
			MeterReading reading = readings.get(meter);
			return (reading != null && reading.limit() != null) ? Long.toString(reading.limit()) : null;
		});
		Map<Meter, RemainingRange> ranges = ranges(readings, limits);
		String remaining = perMeter(ranges, RemainingRange::likely);
		String least = perMeter(ranges, RemainingRange::low);
		String most = perMeter(ranges, RemainingRange::high);
		String uncertainty = CostCodec.join((meter) -> {
			RemainingRange range = ranges.get(meter);
			return (range != null) ? CostCodec.number(range.high() - range.low()) : null;
		});
		String resets = CostCodec.join((meter) -> {
			MeterReading reading = readings.get(meter);
			return (reading != null && reading.resetAfter() != null) ? ScriptArguments.micros(reading.resetAfter())
					: null;
		});
		Duration retryAfter = (snapshot.retryAfter() != null) ? snapshot.retryAfter() : LocalBudget.DEFAULT_COOLDOWN;
		Meter throttled = snapshot.throttledMeter();
		boolean outputAtCompletion = limits.outputReservation() == ModelLimits.OutputReservation.EXPECTED;
		return new String[] { reportedLimits, remaining, snapshot.isRateLimited() ? "1" : "0",
				Long.toString(retryAfter.toNanos() / 1000),
				Integer.toString((throttled != null) ? throttled.ordinal() + 1 : 0), callId, least, most, uncertainty,
				resets, outputAtCompletion ? "1" : "0", limits.externalConsumption() ? "1" : "0" };
	}

	/** One figure of each meter's range, for the meters that have one. */
	private static String perMeter(Map<Meter, RemainingRange> ranges, ToDoubleFunction<RemainingRange> figure) {
		return CostCodec.join((meter) -> {
			RemainingRange range = ranges.get(meter);
			return (range != null) ? CostCodec.number(figure.applyAsDouble(range)) : null;
		});
	}

	/**
	 * Where the provider's remaining lies per meter ({@link RemainingRange}), for the
	 * meters whose figure has a limit to read it against: the reported one, else the
	 * configured one. A figure without either is taken as it is.
	 */
	private static Map<Meter, RemainingRange> ranges(Map<Meter, MeterReading> readings, ModelLimits limits) {
		boolean continuous = limits.refill() != ModelLimits.Refill.SLIDING_WINDOW;
		Map<Meter, RemainingRange> ranges = new EnumMap<>(Meter.class);
		readings.forEach((meter, reading) -> {
			Double remaining = reading.remaining();
			if (remaining == null || remaining < 0) {
				return;
			}
			long limit = (reading.limit() != null && reading.limit() > 0) ? reading.limit()
					: limits.limit(meter).orElse(0);
			ranges.put(meter, (limit > 0) ? RemainingRange.of(meter, reading, limit, continuous)
					: new RemainingRange(remaining, remaining));
		});
		return ranges;
	}

}
