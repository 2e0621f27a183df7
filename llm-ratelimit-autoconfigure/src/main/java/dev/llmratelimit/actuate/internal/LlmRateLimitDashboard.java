package dev.llmratelimit.actuate.internal;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
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
		String prefix = this.page.prefix();
		RouterFunctions.Builder routes = RouterFunctions.route();
		if (!prefix.isEmpty()) {
			routes.GET(prefix, this::page);
		}
		return routes.GET(prefix + "/", this::page)
			.GET(prefix + "/" + DashboardPage.SCRIPT, (request) -> resource(DashboardPage.SCRIPT, DashboardPage.JAVASCRIPT))
			.GET(prefix + "/" + DashboardPage.STYLE, (request) -> resource(DashboardPage.STYLE, DashboardPage.CSS))
			.build();
	}

	private ServerResponse page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.body(this.page.html(request.requestPath().contextPath().value()));
	}

	private static ServerResponse resource(String name, MediaType type) {
		return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache()).body(DashboardPage.read(name));
	}

}
