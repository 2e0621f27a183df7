package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.LlmLimitsEndpointWebExtension;
import dev.llmratelimit.store.BudgetStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@code llmlimits} Actuator endpoint.
 */
@AutoConfiguration(after = LlmRateLimitAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(LlmRateLimiter.class)
@ConditionalOnAvailableEndpoint(LlmLimitsEndpoint.class)
public final class LlmLimitsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmLimitsEndpoint llmLimitsEndpoint(LlmRateLimiter limiter, ObjectProvider<BudgetStore> store) {
		return new LlmLimitsEndpoint(limiter, store.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LlmLimitsEndpoint.class)
	LlmLimitsEndpointWebExtension llmLimitsEndpointWebExtension(LlmLimitsEndpoint endpoint) {
		return new LlmLimitsEndpointWebExtension(endpoint);
	}

}
