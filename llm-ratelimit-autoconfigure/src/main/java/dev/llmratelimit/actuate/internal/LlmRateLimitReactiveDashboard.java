package dev.llmratelimit.actuate.internal;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
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

	private Mono<ServerResponse> page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.bodyValue(this.page.html(request.requestPath().contextPath().value()));
	}

	private static Mono<ServerResponse> resource(String name, MediaType type) {
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.bodyValue(DashboardPage.read(name));
	}

}
