package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.metrics.internal.LlmRateLimitMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the rate limiter (see
 * {@link dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames}), when Micrometer is on
 * the classpath and a {@link MeterRegistry} bean exists.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
public final class LlmRateLimitMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmRateLimitMetrics llmRateLimitMetrics(MeterRegistry registry, ObjectProvider<LlmRateLimiter> limiter) {
		return new LlmRateLimitMetrics(registry, limiter::getIfAvailable);
	}

	@Bean
	static SmartInitializingSingleton llmRateLimitMetricsBinder(ObjectProvider<LlmRateLimitMetrics> metrics) {
		return () -> metrics.ifAvailable(LlmRateLimitMetrics::bindModels);
	}

}
