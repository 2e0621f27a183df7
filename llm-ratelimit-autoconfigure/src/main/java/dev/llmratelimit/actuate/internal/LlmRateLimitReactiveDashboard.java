package dev.llmratelimit.actuate.internal;

import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The live dashboard page (see {@link LlmRateLimitDashboard}) served by a reactive
 * (WebFlux) application: the same three fixed resources and nothing else.
 */
public final class LlmRateLimitReactiveDashboard {

	private final DashboardPage page;

	/**
	 * Creates the dashboard.
	 * @param path where the page is served, such as {@code /llm-ratelimit}
	 * @param endpointPath where the {@code llmlimits} endpoint is served, such as
	 * {@code /actuator/llmlimits}, both without the context path
	 */
	public LlmRateLimitReactiveDashboard(String path, String endpointPath) {
		this.page = new DashboardPage(path, endpointPath);
	}

	/**
	 * Routes serving the page at the dashboard path (with or without a trailing slash), its
	 * script and its style.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		for (DashboardPage.Route route : this.page.routes()) {
			routes.GET(route.path(), (request) -> ServerResponse.ok()
				.contentType(route.type())
				.cacheControl(CacheControl.noCache())
				.bodyValue(route.body().apply(request.requestPath().contextPath().value())));
		}
		return routes.build();
	}

}
