package dev.llmratelimit.actuate.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live dashboard page of the application's budgets, served by the application itself:
 * one static page, with its script and style, that reads the {@code llmlimits} endpoint
 * every second and shows the meters, the calls waiting by priority, the routes taken to
 * fallback models, the keys (tenants) near their share and the advice. It serves three
 * fixed resources and nothing else.
 */
public final class LlmRateLimitDashboard {

	private static final String LOCATION = "dev/llmratelimit/actuate/dashboard/";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	/** The dashboard path without a trailing slash: empty for the root. */
	private final String prefix;

	private final String endpointPath;

	private final String page;

	/**
	 * Creates the dashboard.
	 * @param path where the page is served, such as {@code /llm-ratelimit}
	 * @param endpointPath where the {@code llmlimits} endpoint is served, such as
	 * {@code /actuator/llmlimits}, both without the servlet context path
	 */
	public LlmRateLimitDashboard(String path, String endpointPath) {
		this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		this.endpointPath = endpointPath;
		this.page = read(new ClassPathResource(LOCATION + "index.html"));
	}

	/**
	 * Routes serving the page at the dashboard path (with or without a trailing slash), its
	 * script and its style.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		if (!this.prefix.isEmpty()) {
			routes.GET(this.prefix, this::page);
		}
		return routes.GET(this.prefix + "/", this::page)
			.GET(this.prefix + "/dashboard.js", (request) -> resource("dashboard.js", JAVASCRIPT))
			.GET(this.prefix + "/dashboard.css", (request) -> resource("dashboard.css", CSS))
			.build();
	}

	private ServerResponse page(ServerRequest request) {
		String contextPath = request.requestPath().contextPath().value();
		String html = this.page.replace("{{base}}", escape(contextPath + this.prefix))
			.replace("{{endpoint}}", escape(contextPath + this.endpointPath));
		return ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(html);
	}

	private static ServerResponse resource(String name, MediaType type) {
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.body(read(new ClassPathResource(LOCATION + name)));
	}

	private static String read(Resource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Dashboard resource " + resource + " cannot be read", ex);
		}
	}

	/** Escapes a configured path for an HTML attribute or text. */
	private static String escape(String value) {
		return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
