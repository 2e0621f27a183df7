package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@link AutoConfiguration Auto-configuration} of the live dashboard page, served by the
 * web application (servlet or reactive) next to the {@code llmlimits} endpoint when
 * {@code llm.ratelimit.dashboard.enabled} is {@code true}. The page reads the endpoint, so
 * the endpoint must be exposed over HTTP on the application's own port.
 */
@AutoConfiguration(after = LlmLimitsEndpointAutoConfiguration.class)
@ConditionalOnClass(WebEndpointProperties.class)
@ConditionalOnBooleanProperty("llm.ratelimit.dashboard.enabled")
@ConditionalOnBean(LlmLimitsEndpoint.class)
@EnableConfigurationProperties({ LlmRateLimitProperties.class, WebEndpointProperties.class })
@Import({ ServletDashboardConfiguration.class, ReactiveDashboardConfiguration.class })
public final class LlmRateLimitDashboardAutoConfiguration {

	/** The dashboard path, checked, naming the property when it is not a plain path. */
	static String dashboardPath(LlmRateLimitProperties properties) {
		String path = properties.getDashboard().getPath();
		if (path == null || !path.startsWith("/") || path.contains("{") || path.contains("*")) {
			throw new InvalidLlmRateLimitPropertyException("llm.ratelimit.dashboard.path",
					"must be a plain path starting with '/', was " + path, "Set a path such as /llm-ratelimit.");
		}
		return path;
	}

	/** Where the endpoint the page reads is served. */
	static String endpointPath(WebEndpointProperties endpoints) {
		String basePath = endpoints.getBasePath();
		return ("/".equals(basePath) ? "" : basePath) + "/"
				+ endpoints.getPathMapping().getOrDefault("llmlimits", "llmlimits");
	}

}
