package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.core.AccountingRule;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;

/**
 * Dialect used until a model's provider is known: understands a 429 and its
 * {@code retry-after-ms} or {@code retry-after} (seconds), and charges calls by the
 * standard rule.
 */
public final class FallbackDialect implements ProviderDialect {

	/** Id of this dialect. */
	public static final String ID = "unknown";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return false;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		if (!response.isTooManyRequests()) {
			ResponseKind kind = (response.status() >= 400) ? ResponseKind.OTHER_ERROR : ResponseKind.OK;
			return new ProviderSnapshot(kind, Map.of(), null, null);
		}
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, Map.of(), retryAfter(response), null);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
	}

	private static Duration retryAfter(ProviderResponse response) {
		Duration millis = parse(response.header("retry-after-ms"), 1);
		return (millis != null) ? millis : parse(response.header("retry-after"), 1000);
	}

	private static Duration parse(String value, long millisPerUnit) {
		if (value == null) {
			return null;
		}
		try {
			double amount = Double.parseDouble(value);
			return (amount >= 0 && amount < 86_400_000) ? Duration.ofMillis((long) Math.ceil(amount * millisPerUnit))
					: null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
