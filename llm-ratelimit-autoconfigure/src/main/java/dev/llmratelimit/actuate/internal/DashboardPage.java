package dev.llmratelimit.actuate.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;

/**
 * The live dashboard's three fixed resources, whatever web stack serves them: the page,
 * with the paths it needs filled in, its script and its style. Each stack turns
 * {@link #routes()} into its own router functions.
 */
final class DashboardPage {

	private static final String SCRIPT = "dashboard.js";

	private static final String STYLE = "dashboard.css";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private static final String LOCATION = "dev/llmratelimit/actuate/dashboard/";

	/** The dashboard path without a trailing slash: empty for the root. */
	private final String prefix;

	private final String endpointPath;

	private final String template;

	/**
	 * Reads the page.
	 * @param path where the page is served, such as {@code /llm-ratelimit}
	 * @param endpointPath where the {@code llmlimits} endpoint is served, such as
	 * {@code /actuator/llmlimits}, both without the context path
	 */
	DashboardPage(String path, String endpointPath) {
		this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		this.endpointPath = endpointPath;
		this.template = read("index.html");
	}

	/**
	 * What is served: the page at the dashboard path (with or without a trailing slash),
	 * its script and its style.
	 * @return the routes, in the order to register them
	 */
	List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		if (!this.prefix.isEmpty()) {
			routes.add(new Route(this.prefix, MediaType.TEXT_HTML, this::html));
		}
		routes.add(new Route(this.prefix + "/", MediaType.TEXT_HTML, this::html));
		String script = read(SCRIPT);
		routes.add(new Route(this.prefix + "/" + SCRIPT, JAVASCRIPT, (contextPath) -> script));
		String style = read(STYLE);
		routes.add(new Route(this.prefix + "/" + STYLE, CSS, (contextPath) -> style));
		return routes;
	}

	/**
	 * The page for an application served under a context path.
	 * @param contextPath the context path, empty for none
	 * @return the HTML
	 */
	String html(String contextPath) {
		return this.template.replace("{{base}}", escape(contextPath + this.prefix))
			.replace("{{endpoint}}", escape(contextPath + this.endpointPath));
	}

	private static String read(String name) {
		Resource resource = new ClassPathResource(LOCATION + name);
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

	/**
	 * One resource of the dashboard.
	 * @param path the path it is served at, without the context path
	 * @param type its content type
	 * @param body its content for a given context path (empty for none)
	 */
	record Route(String path, MediaType type, UnaryOperator<String> body) {
	}

}
