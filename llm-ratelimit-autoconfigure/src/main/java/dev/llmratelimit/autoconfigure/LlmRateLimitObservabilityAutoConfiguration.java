package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.event.internal.LlmRateLimitEventPublisher;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmRateLimitAdvisor;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.store.StoreHealth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Application events, call statistics and advice of the rate limiter, and its health
 * indicator when Spring Boot's health support is on the classpath.
 */
@AutoConfiguration(afterName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.ratelimit.enabled", matchIfMissing = true)
public final class LlmRateLimitObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmRateLimitEventPublisher llmRateLimitEventPublisher(ApplicationEventPublisher publisher,
			ObjectProvider<LlmRateLimiter> limiter) {
		return new LlmRateLimitEventPublisher(publisher, limiter::getIfAvailable);
	}

	@Bean
	@ConditionalOnMissingBean
	CallStatistics llmRateLimitCallStatistics(ObjectProvider<TimeSource> time) {
		return new CallStatistics(time.getIfAvailable(TimeSource::system));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LlmRateLimiter.class)
	LlmRateLimitAdvisor llmRateLimitAdvisor(LlmRateLimiter limiter, CallStatistics statistics) {
		return new LlmRateLimitAdvisor(limiter, statistics);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@EnableConfigurationProperties(LlmRateLimitHealthProperties.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("llmratelimit")
		@ConditionalOnMissingBean(name = "llmRateLimitHealthIndicator")
		@ConditionalOnBean(LlmRateLimiter.class)
		LlmRateLimitHealthIndicator llmRateLimitHealthIndicator(LlmRateLimiter limiter,
				ObjectProvider<StoreHealth> stores, LlmRateLimitHealthProperties properties) {
			return new LlmRateLimitHealthIndicator(limiter, stores.orderedStream().toList(),
					properties.isCooldownIsDown());
		}

	}

}
