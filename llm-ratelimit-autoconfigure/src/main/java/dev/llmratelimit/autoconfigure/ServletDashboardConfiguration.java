package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.actuate.internal.LlmRateLimitDashboard;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live dashboard's routes in a servlet application (Spring MVC), imported by
 * {@link LlmRateLimitDashboardAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
class ServletDashboardConfiguration {

	@Bean
	RouterFunction<ServerResponse> llmRateLimitDashboardRoutes(LlmRateLimitProperties properties,
			WebEndpointProperties endpoints) {
		return new LlmRateLimitDashboard(LlmRateLimitDashboardAutoConfiguration.dashboardPath(properties),
				LlmRateLimitDashboardAutoConfiguration.endpointPath(endpoints))
			.routes();
	}

}
