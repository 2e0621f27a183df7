package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.internal.LlmRateLimitDashboard;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@link AutoConfiguration Auto-configuration} of the live dashboard page, served by a
 * servlet web application next to the {@code llmlimits} endpoint when
 * {@code llm.ratelimit.dashboard.enabled} is {@code true}. The page reads the endpoint, so
 * the endpoint must be exposed over HTTP on the application's own port.
 */
@AutoConfiguration(after = LlmLimitsEndpointAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ RouterFunction.class, WebEndpointProperties.class })
@ConditionalOnBooleanProperty("llm.ratelimit.dashboard.enabled")
@ConditionalOnBean(LlmLimitsEndpoint.class)
@EnableConfigurationProperties({ LlmRateLimitProperties.class, WebEndpointProperties.class })
public final class LlmRateLimitDashboardAutoConfiguration {

	@Bean
	RouterFunction<ServerResponse> llmRateLimitDashboardRoutes(LlmRateLimitProperties properties,
			WebEndpointProperties endpoints) {
		String path = properties.getDashboard().getPath();
		if (path == null || !path.startsWith("/") || path.contains("{") || path.contains("*")) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.dashboard.path",
					"must be a plain path starting with '/', was " + path, "Set a path such as /llm-ratelimit.");
		}
		String basePath = endpoints.getBasePath();
		String endpointPath = ("/".equals(basePath) ? "" : basePath) + "/"
				+ endpoints.getPathMapping().getOrDefault("llmlimits", "llmlimits");
		return new LlmRateLimitDashboard(path, endpointPath).routes();
	}

}
