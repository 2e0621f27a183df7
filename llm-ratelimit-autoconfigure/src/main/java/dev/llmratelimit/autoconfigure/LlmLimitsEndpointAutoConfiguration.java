package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.internal.LlmCallCounts;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpointWebExtension;
import dev.llmratelimit.actuate.internal.LlmRateLimitAdvisor;
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
 * {@link AutoConfiguration Auto-configuration} of the {@code llmlimits} Actuator endpoint,
 * with the calls of each model by outcome and, when there is an
 * {@link LlmRateLimitAdvisor}, the advice on its limits.
 */
@AutoConfiguration(after = LlmRateLimitAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(LlmRateLimiter.class)
@ConditionalOnAvailableEndpoint(LlmLimitsEndpoint.class)
public final class LlmLimitsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmCallCounts llmCallCounts() {
		return new LlmCallCounts();
	}

	@Bean
	@ConditionalOnMissingBean
	LlmLimitsEndpoint llmLimitsEndpoint(LlmRateLimiter limiter, ObjectProvider<LlmRateLimitAdvisor> advisor,
			ObjectProvider<LlmCallCounts> counts, ObjectProvider<BudgetStore> store) {
		return new LlmLimitsEndpoint(limiter, advisor.getIfAvailable(), counts.getIfAvailable(),
				store.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LlmLimitsEndpoint.class)
	LlmLimitsEndpointWebExtension llmLimitsEndpointWebExtension(LlmLimitsEndpoint endpoint) {
		return new LlmLimitsEndpointWebExtension(endpoint);
	}

}
