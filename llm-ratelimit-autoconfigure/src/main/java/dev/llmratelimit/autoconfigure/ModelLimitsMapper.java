package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.autoconfigure.LlmRateLimitProperties.Model;
import dev.llmratelimit.autoconfigure.LlmRateLimitProperties.Pacing;
import dev.llmratelimit.core.DialectRegistry;

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
		return limits;
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
		return builder.build();
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
