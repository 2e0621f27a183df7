package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.autoconfigure.LlmRateLimitProperties.Model;
import dev.llmratelimit.autoconfigure.LlmRateLimitProperties.Pacing;
import dev.llmratelimit.core.internal.DialectRegistry;

/**
 * Turns {@link LlmRateLimitProperties} into validated {@link ModelLimits}, failing with an
 * {@link InvalidLlmRateLimitPropertyException} that names the first bad property.
 */
final class ModelLimitsMapper {

	private static final String PREFIX = "llm.ratelimit";

	private final DialectRegistry dialects;

	ModelLimitsMapper(DialectRegistry dialects) {
		this.dialects = dialects;
	}

	/**
	 * Maps every configured model.
	 * @param properties the bound properties
	 * @return the limits, in configuration order
	 */
	List<ModelLimits> map(LlmRateLimitProperties properties) {
		List<ModelLimits> limits = new ArrayList<>();
		for (Map.Entry<String, Model> entry : properties.getModels().entrySet()) {
			limits.add(map(entry.getKey(), entry.getValue()));
		}
		if (!properties.isAllowUnconfiguredModels()) {
			requireConfiguredFallbacks(limits);
		}
		return limits;
	}

	private static void requireConfiguredFallbacks(List<ModelLimits> limits) {
		List<String> known = new ArrayList<>();
		limits.forEach((model) -> {
			known.add(model.model());
			known.addAll(model.aliases());
		});
		for (ModelLimits model : limits) {
			for (int i = 0; i < model.fallbacks().size(); i++) {
				String fallback = model.fallbacks().get(i);
				if (!known.contains(fallback)) {
					throw new InvalidLlmRateLimitPropertyException(
							PREFIX + ".models[" + model.model() + "].fallbacks[" + i + "]",
							"'" + fallback + "' is not a configured model",
							"Configure the fallback under llm.ratelimit.models, or allow unconfigured models.");
				}
			}
		}
	}

	private ModelLimits map(String id, Model model) {
		String prefix = PREFIX + ".models[" + id + "].";
		ModelLimits.Builder builder = ModelLimits.builder(id)
			.provider(provider(prefix + "provider", model.getProvider()))
			.outputReservation(model.getOutputReservation())
			.cacheReadsCountAsInput(model.getCacheReadsCountAsInput())
			.inputOutputCost(model.getInputOutputCost())
			.dailyReset(model.getDailyReset(), model.getDailyResetZone())
			.externalConsumption(model.isExternalConsumption());
		limit(builder, prefix, Meter.REQUESTS_PER_MINUTE, model.getRequestsPerMinute());
		limit(builder, prefix, Meter.TOKENS_PER_MINUTE, model.getTokensPerMinute());
		limit(builder, prefix, Meter.INPUT_TOKENS_PER_MINUTE, model.getInputTokensPerMinute());
		limit(builder, prefix, Meter.OUTPUT_TOKENS_PER_MINUTE, model.getOutputTokensPerMinute());
		limit(builder, prefix, Meter.REQUESTS_PER_DAY, model.getRequestsPerDay());
		limit(builder, prefix, Meter.TOKENS_PER_DAY, model.getTokensPerDay());
		if (model.getMaxConcurrentRequests() != null) {
			requirePositive(prefix + "max-concurrent-requests", model.getMaxConcurrentRequests());
			builder.limit(Meter.CONCURRENT_REQUESTS, model.getMaxConcurrentRequests());
		}
		requirePositive(prefix + "default-max-tokens", model.getDefaultMaxTokens());
		builder.defaultMaxTokens(model.getDefaultMaxTokens());
		for (int i = 0; i < model.getAliases().size(); i++) {
			String alias = model.getAliases().get(i);
			if (alias == null || alias.isBlank()) {
				throw new InvalidLlmRateLimitPropertyException(prefix + "aliases[" + i + "]", "must not be blank",
						"Remove the empty alias or give it a model id.");
			}
			builder.alias(alias.trim());
		}
		builder.pacingInterval(pacingInterval(prefix + "pacing.", model));
		routing(builder, prefix, id, model);
		return builder.build();
	}

	private static void routing(ModelLimits.Builder builder, String prefix, String id, Model model) {
		List<String> fallbacks = new ArrayList<>();
		for (int i = 0; i < model.getFallbacks().size(); i++) {
			String fallback = model.getFallbacks().get(i);
			String property = prefix + "fallbacks[" + i + "]";
			if (fallback == null || fallback.isBlank()) {
				throw new InvalidLlmRateLimitPropertyException(property, "must not be blank",
						"Remove the empty fallback or give it a model id.");
			}
			if (fallback.trim().equals(id)) {
				throw new InvalidLlmRateLimitPropertyException(property, "must not name the model itself, '" + id + "'",
						"List other models, such as one with higher limits.");
			}
			fallbacks.add(fallback.trim());
		}
		builder.fallbacks(fallbacks);
		requireNotNegative(prefix + "fallback-after", model.getFallbackAfter());
		builder.fallbackAfter(model.getFallbackAfter());
		double reserve = model.getLowPriorityReserve();
		if (!(reserve >= 0 && reserve < 1)) {
			throw new InvalidLlmRateLimitPropertyException(prefix + "low-priority-reserve",
					"must be at least 0 and below 1, was " + reserve,
					"Set the share of each meter low-priority calls leave to the others, such as 0.2.");
		}
		builder.lowPriorityReserve(reserve);
		Double share = model.getMaxSharePerKey();
		if (share != null) {
			if (!(share > 0 && share <= 1)) {
				throw new InvalidLlmRateLimitPropertyException(prefix + "max-share-per-key",
						"must be above 0 and at most 1, was " + share,
						"Set the largest share of a meter one key may hold, such as 0.25, or remove the property.");
			}
			builder.maxSharePerKey(share);
		}
	}

	private String provider(String property, String provider) {
		if (provider == null || provider.isBlank()) {
			return null;
		}
		String id = provider.trim();
		if (this.dialects.find(id).isEmpty()) {
			throw new InvalidLlmRateLimitPropertyException(property,
					"'" + id + "' is not a known provider; known providers: " + this.dialects.ids(),
					"Use one of the known providers, or remove the property to detect the provider from its "
							+ "response headers.");
		}
		return id;
	}

	private Duration pacingInterval(String prefix, Model model) {
		Pacing pacing = model.getPacing();
		if (!pacing.isEnabled()) {
			return null;
		}
		if (pacing.getInterval() != null) {
			requirePositive(prefix + "interval", pacing.getInterval());
			return pacing.getInterval();
		}
		if (model.getRequestsPerMinute() == null) {
			throw new InvalidLlmRateLimitPropertyException(prefix + "interval",
					"must be set when pacing is enabled and requests-per-minute is not",
					"Set the pacing interval or requests-per-minute, or disable pacing.");
		}
		return Duration.ofMinutes(1).dividedBy(model.getRequestsPerMinute());
	}

	private static void limit(ModelLimits.Builder builder, String prefix, Meter meter, Long limit) {
		if (limit != null) {
			requirePositive(prefix + meter.propertyName(), limit);
			builder.limit(meter, limit);
		}
	}

	private static void requirePositive(String property, long value) {
		if (value <= 0) {
			throw new InvalidLlmRateLimitPropertyException(property, "must be positive, was " + value,
					"Set a positive value, or remove the property to leave the limit unset.");
		}
		if (value > Meter.MAX_AMOUNT) {
			throw new InvalidLlmRateLimitPropertyException(property,
					"must be at most " + Meter.MAX_AMOUNT + ", was " + value,
					"Set the provider's real limit, or remove the property to leave the limit unset.");
		}
	}

	private static void requirePositive(String property, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidLlmRateLimitPropertyException(property, "must be positive, was " + value,
					"Set a positive duration such as 30s.");
		}
	}

	private static void requireNotNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidLlmRateLimitPropertyException(property, "must not be negative, was " + value,
					"Set a duration of zero (fail fast) or more, such as 30s.");
		}
	}

}
