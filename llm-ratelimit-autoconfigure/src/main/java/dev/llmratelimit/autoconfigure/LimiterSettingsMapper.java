package dev.llmratelimit.autoconfigure;

import java.util.function.Consumer;

import dev.llmratelimit.core.internal.LimiterSettings;

/**
 * Binds the global {@code llm.ratelimit.*} properties into {@link LimiterSettings} once:
 * the settings validate each value, and a refusal becomes an
 * {@link InvalidLlmRateLimitPropertyException} naming the property.
 */
final class LimiterSettingsMapper {

	private static final String PREFIX = "llm.ratelimit.";

	private LimiterSettingsMapper() {
	}

	static LimiterSettings map(LlmRateLimitProperties properties) {
		LimiterSettings.Builder settings = LimiterSettings.builder();
		set("max-wait", "Set a duration of zero (fail fast) or more, such as 30s.",
				(builder) -> builder.defaultMaxWait(properties.getMaxWait()), settings);
		set("lease-timeout", "Set a positive duration such as 5m.",
				(builder) -> builder.leaseTimeout(properties.getLeaseTimeout()), settings);
		set("admission-margin", "Set a duration of zero (no margin) or more, such as 500ms.",
				(builder) -> builder.admissionMargin(properties.getAdmissionMargin()), settings);
		set("observation-lag", "Set a duration of zero or more, such as 200ms.",
				(builder) -> builder.observationLag(properties.getObservationLag()), settings);
		set("max-unconfigured-models", "Set a positive number such as 100, or configure the models you use.",
				(builder) -> builder.maxUnconfiguredModels(properties.getMaxUnconfiguredModels()), settings);
		set("unconfigured-model-idle-timeout", "Set a positive duration such as 10m.",
				(builder) -> builder.unconfiguredModelIdleTimeout(properties.getUnconfiguredModelIdleTimeout()),
				settings);
		return settings.allowUnconfiguredModels(properties.isAllowUnconfiguredModels())
			.calibrateInputEstimates(properties.getCalibration().isEnabled())
			.build();
	}

	private static void set(String property, String action, Consumer<LimiterSettings.Builder> setter,
			LimiterSettings.Builder settings) {
		try {
			setter.accept(settings);
		}
		catch (NullPointerException ex) {
			throw new InvalidLlmRateLimitPropertyException(PREFIX + property, "must be set", action);
		}
		catch (IllegalArgumentException ex) {
			// the settings' messages start with the property name
			String problem = ex.getMessage().startsWith(property + " ")
					? ex.getMessage().substring(property.length() + 1) : ex.getMessage();
			throw new InvalidLlmRateLimitPropertyException(PREFIX + property, problem, action);
		}
	}

}
