package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.actuate.internal.LlmRateLimitReactiveDashboard;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The live dashboard's routes in a reactive application (Spring WebFlux), imported by
 * {@link LlmRateLimitDashboardAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
class ReactiveDashboardConfiguration {

	@Bean
	RouterFunction<ServerResponse> llmRateLimitDashboardRoutes(LlmRateLimitProperties properties,
			WebEndpointProperties endpoints) {
		return new LlmRateLimitReactiveDashboard(LlmRateLimitDashboardAutoConfiguration.dashboardPath(properties),
				LlmRateLimitDashboardAutoConfiguration.endpointPath(endpoints))
			.routes();
	}

}
