package dev.llmratelimit.store.redis;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;

/**
 * Writes costs and per-meter values as the comma-separated lists, in {@link Meter} ordinal
 * order, that the Lua scripts read.
 */
final class CostCodec {

	/** Placeholder for a value that is not known. */
	static final String MISSING = "n";

	private static final Meter[] METERS = Meter.values();

	private CostCodec() {
	}

	static String encode(Cost cost) {
		return join((meter) -> number(cost.amount(meter)));
	}

	static Cost decode(String encoded) {
		String[] parts = encoded.isEmpty() ? new String[0] : encoded.split(",");
		Map<Meter, Double> amounts = new EnumMap<>(Meter.class);
		for (int i = 0; i < parts.length && i < METERS.length; i++) {
			double amount = Double.parseDouble(parts[i]);
			if (amount != 0) {
				amounts.put(METERS[i], amount);
			}
		}
		return Cost.of(amounts);
	}

	/** Joins one value per meter; a {@code null} value is written as {@link #MISSING}. */
	static String join(Function<Meter, String> value) {
		StringJoiner joiner = new StringJoiner(",");
		for (Meter meter : METERS) {
			String text = value.apply(meter);
			joiner.add((text != null) ? text : MISSING);
		}
		return joiner.toString();
	}

	static String number(double value) {
		return (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
				: Double.toString(value);
	}

}
