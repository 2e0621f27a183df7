package dev.llmratelimit.actuate.internal;

import org.springframework.http.CacheControl;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live dashboard page of the application's budgets, served by a servlet application
 * itself: one static page, with its script and style, that reads the {@code llmlimits}
 * endpoint every second and shows the meters, the calls waiting by priority, the routes
 * taken to fallback models, the keys (tenants) near their share and the advice. It serves
 * three fixed resources and nothing else. {@link LlmRateLimitReactiveDashboard} serves the
 * same page in a reactive application.
 */
public final class LlmRateLimitDashboard {

	private final DashboardPage page;

	/**
	 * Creates the dashboard.
	 * @param path where the page is served, such as {@code /llm-ratelimit}
	 * @param endpointPath where the {@code llmlimits} endpoint is served, such as
	 * {@code /actuator/llmlimits}, both without the servlet context path
	 */
	public LlmRateLimitDashboard(String path, String endpointPath) {
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
				.body(route.body().apply(request.requestPath().contextPath().value())));
		}
		return routes.build();
	}

}
