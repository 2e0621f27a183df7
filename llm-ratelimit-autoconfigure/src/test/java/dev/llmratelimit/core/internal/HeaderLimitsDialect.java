package dev.llmratelimit.core.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;

/**
 * A test dialect that reads limits from {@code x-limit-<meter>} headers (for example
 * {@code x-limit-tokens-per-minute: 5000}) and understands 429s like the fallback dialect.
 */
public final class HeaderLimitsDialect implements ProviderDialect {

	private final FallbackDialect fallback = new FallbackDialect();

	/**
	 * A registry holding this dialect.
	 * @return the registry
	 */
	public static DialectRegistry registry() {
		return new DialectRegistry(List.of(new HeaderLimitsDialect()));
	}

	/**
	 * A successful response revealing one limit.
	 * @param meter the meter
	 * @param limit its limit
	 * @return the response
	 */
	public static ProviderResponse limitResponse(Meter meter, long limit) {
		return ProviderResponse.ok(Map.of("x-limit-" + meter.propertyName(), List.of(Long.toString(limit))));
	}

	/**
	 * A 429 asking to retry after some seconds.
	 * @param seconds the retry-after
	 * @return the response
	 */
	public static ProviderResponse tooManyRequests(long seconds) {
		return new ProviderResponse(429, Map.of("retry-after", List.of(Long.toString(seconds))), null);
	}

	@Override
	public String id() {
		return "test";
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return true;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		ProviderSnapshot base = this.fallback.interpret(response, now);
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		for (Meter meter : Meter.values()) {
			String value = response.header("x-limit-" + meter.propertyName());
			if (value != null) {
				readings.put(meter, new MeterReading(Long.parseLong(value), null, null));
			}
		}
		return new ProviderSnapshot(base.kind(), readings, base.retryAfter(), base.throttledMeter());
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return this.fallback.accountingRule(limits);
	}

}
