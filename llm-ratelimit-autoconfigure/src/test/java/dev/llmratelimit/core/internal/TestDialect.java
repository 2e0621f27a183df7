package dev.llmratelimit.core.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;

/**
 * A provider dialect for tests: {@code x-test-limit-tokens} and
 * {@code x-test-remaining-tokens} report the tokens-per-minute meter, and a 429 is a
 * refusal by that meter.
 */
final class TestDialect implements ProviderDialect {

	private final ModelLimits.Refill refill;

	TestDialect(ModelLimits.Refill refill) {
		this.refill = refill;
	}

	@Override
	public String id() {
		return "test";
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return response.header("x-test-limit-tokens") != null;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		String limit = response.header("x-test-limit-tokens");
		String remaining = response.header("x-test-remaining-tokens");
		if (limit != null || remaining != null) {
			readings.put(Meter.TOKENS_PER_MINUTE, new MeterReading((limit != null) ? Long.valueOf(limit) : null,
					(remaining != null) ? Double.valueOf(remaining) : null, null));
		}
		if (response.isTooManyRequests()) {
			return new ProviderSnapshot(ResponseKind.RATE_LIMITED, readings, null, Meter.TOKENS_PER_MINUTE);
		}
		return new ProviderSnapshot(ResponseKind.OK, readings, null, null);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
	}

	@Override
	public ModelLimits.Refill defaultRefill() {
		return this.refill;
	}

}
