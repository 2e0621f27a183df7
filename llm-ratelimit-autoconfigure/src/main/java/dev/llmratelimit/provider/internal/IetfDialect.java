package dev.llmratelimit.provider.internal;

import java.time.Duration;
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
import dev.llmratelimit.core.ProviderSnapshot.ResponseKind;
import dev.llmratelimit.core.internal.StandardAccountingRule;
import dev.llmratelimit.provider.internal.StructuredFieldParser.Item;

/**
 * The {@code generic} dialect: the IETF draft's structured-field headers.
 * {@code RateLimit-Policy: "burst";q=100;w=60,"daily";q=1000;w=86400} declares policies
 * (quota {@code q}, window {@code w} in seconds, quota unit {@code qu}), and
 * {@code RateLimit: "burst";r=50;t=30} reports a policy's remaining quota {@code r} and
 * seconds {@code t} until more comes.
 * <p>
 * A policy with a 60 s window is a per-minute meter, one with 86400 s a per-day meter;
 * other windows are ignored. The quota unit is requests unless {@code qu="tokens"} (not in
 * the draft; accepted for LLM gateways); other units are ignored. A {@code RateLimit} item
 * is matched to the policy of the same name, or to the only policy when there is just one;
 * an item matching no policy is ignored, since its window is unknown. When two policies
 * map to one meter the smaller quota wins.
 * <p>
 * A 429 is {@link ResponseKind#RATE_LIMITED}: its wait is {@code retry-after-ms} or
 * {@code retry-after}, else the {@code t} of an exhausted item ({@code r=0}), whose meter it
 * names. Accounting: the standard rule.
 * <p>
 * Detection: a {@code RateLimit} or {@code RateLimit-Policy} header.
 */
public final class IetfDialect implements ProviderDialect {

	/** Id of this dialect. */
	public static final String ID = "generic";

	private static final long MINUTE_SECONDS = 60;

	private static final long DAY_SECONDS = 86_400;

	@Override
	public String id() {
		return ID;
	}

	@Override
	public boolean recognizes(ProviderResponse response) {
		return response.header("ratelimit") != null || response.header("ratelimit-policy") != null;
	}

	@Override
	public ProviderSnapshot interpret(ProviderResponse response, Instant now) {
		List<Item> policies = StructuredFieldParser.parseList("ratelimit-policy", response.header("ratelimit-policy"));
		Map<Meter, MeterReading> readings = new EnumMap<>(Meter.class);
		for (Item policy : policies) {
			Meter meter = meterOf(policy);
			Long quota = HeaderNumbers.limit("ratelimit-policy q", policy.parameter("q"));
			if (meter != null && quota != null) {
				MeterReading known = readings.get(meter);
				if (known == null || known.limit() > quota) {
					readings.put(meter, new MeterReading(quota, null, null));
				}
			}
		}
		Meter exhausted = null;
		Duration exhaustedWait = null;
		for (Item state : StructuredFieldParser.parseList("ratelimit", response.header("ratelimit"))) {
			Meter meter = meterOf(policyOf(state, policies));
			if (meter == null) {
				IgnoredValues.ignore("ratelimit", state.name(), "no policy with a known window");
				continue;
			}
			Double remaining = HeaderNumbers.remaining("ratelimit r", state.parameter("r"));
			String resetValue = state.parameter("t");
			Duration reset = (resetValue != null) ? RetryAfterParser.retryAfterSeconds(resetValue, now) : null;
			MeterReading known = readings.get(meter);
			readings.put(meter, new MeterReading((known != null) ? known.limit() : null, remaining, reset));
			if (remaining != null && remaining == 0 && exhausted == null) {
				exhausted = meter;
				exhaustedWait = reset;
			}
		}
		if (!response.isTooManyRequests()) {
			return new ProviderSnapshot(StatusKinds.ofStatus(response.status()), readings, null, null);
		}
		Duration retryAfter = RetryAfterParser.retryAfter(response, now);
		return new ProviderSnapshot(ResponseKind.RATE_LIMITED, readings,
				(retryAfter != null) ? retryAfter : exhaustedWait, exhausted);
	}

	@Override
	public AccountingRule accountingRule(ModelLimits limits) {
		return StandardAccountingRule.forModel(limits, ModelLimits.InputOutputCost.SUM, false);
	}

	private static Item policyOf(Item state, List<Item> policies) {
		for (Item policy : policies) {
			if (policy.name().equals(state.name())) {
				return policy;
			}
		}
		return (policies.size() == 1) ? policies.get(0) : null;
	}

	private static Meter meterOf(Item policy) {
		if (policy == null) {
			return null;
		}
		Meter.Kind kind = unitKind(policy.parameter("qu"));
		Long window = HeaderNumbers.limit("ratelimit-policy w", policy.parameter("w"));
		if (kind == null || window == null) {
			return null;
		}
		if (window == MINUTE_SECONDS) {
			return (kind == Meter.Kind.REQUESTS) ? Meter.REQUESTS_PER_MINUTE : Meter.TOKENS_PER_MINUTE;
		}
		if (window == DAY_SECONDS) {
			return (kind == Meter.Kind.REQUESTS) ? Meter.REQUESTS_PER_DAY : Meter.TOKENS_PER_DAY;
		}
		IgnoredValues.ignore("ratelimit-policy w", String.valueOf(window), "window is neither 60 nor 86400 seconds");
		return null;
	}

	private static Meter.Kind unitKind(String unit) {
		if (unit == null || unit.equals("requests")) {
			return Meter.Kind.REQUESTS;
		}
		if (unit.equals("tokens")) {
			return Meter.Kind.TOTAL_TOKENS;
		}
		IgnoredValues.ignore("ratelimit-policy qu", unit, "unit is neither requests nor tokens");
		return null;
	}

}
