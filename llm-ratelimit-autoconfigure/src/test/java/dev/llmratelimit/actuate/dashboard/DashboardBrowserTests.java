package dev.llmratelimit.actuate.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.actuate.internal.LlmCallCounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dashboard the starter serves when {@code llm.ratelimit.dashboard.enabled} is set, in
 * a real headless Chromium against a real servlet application: a bar per configured meter
 * whose width is what the meter has left, bars that drop as calls take budget, and the
 * calls a short model routed to its fallback. The screenshot taken after the calls is
 * saved as {@code target/dashboard/dashboard-after-calls.png}.
 */
@SpringBootTest(classes = DashboardBrowserTests.DashboardApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.ratelimit.dashboard.enabled=true", "management.endpoints.web.exposure.include=llmlimits",
				"llm.ratelimit.models.small.requests-per-minute=10",
				"llm.ratelimit.models.small.output-tokens-per-minute=2000",
				"llm.ratelimit.models.small.fallbacks=large", "llm.ratelimit.models.large.requests-per-minute=100",
				"llm.ratelimit.models.large.output-tokens-per-minute=20000" })
@TestInstance(Lifecycle.PER_CLASS)
@Timeout(120)
class DashboardBrowserTests {

	private static final long TIMEOUT_MILLIS = 20_000;

	private static final int WIDTH = 1280;

	private static final int HEIGHT = 720;

	private static final String BARS = """
			[...document.querySelectorAll('.card .meter')].map((bar) => ({
			  model: bar.closest('.card').dataset.model,
			  meter: bar.dataset.meter,
			  limit: Number(bar.dataset.limit),
			  fraction: Number(bar.dataset.fraction),
			  width: parseFloat(bar.querySelector('.fill').style.width)
			}))""";

	@LocalServerPort
	private int port;

	@Autowired
	private LlmRateLimiter limiter;

	@Autowired
	private LlmCallCounts counts;

	private HeadlessChromium browser;

	@BeforeAll
	void openDashboard() throws Exception {
		this.browser = HeadlessChromium.start(WIDTH, HEIGHT);
		this.browser.navigate(url("/llm-ratelimit"));
		awaitBars((bars) -> bars.size() == configuredMeters().size());
	}

	@AfterAll
	void closeBrowser() throws Exception {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void pageIsServedWithTheEndpointItReads() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/llm-ratelimit/"))).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("data-endpoint=\"/actuator/llmlimits\"")
			.contains("src=\"/llm-ratelimit/dashboard.js\"");
	}

	@Test
	void pageDrawsABarPerConfiguredMeterOfEveryModel() {
		JsonNode bars = bars();
		Set<String> drawn = new HashSet<>();
		bars.forEach((bar) -> drawn.add(bar.path("model").asString() + " " + bar.path("meter").asString()));
		assertThat(drawn).isEqualTo(configuredMeters().keySet());
		bars.forEach((bar) -> assertThat(bar.path("limit").asLong())
			.isEqualTo(configuredMeters().get(bar.path("model").asString() + " " + bar.path("meter").asString())));
	}

	@Test
	void barWidthIsTheShareOfTheLimitStillAvailable() {
		bars().forEach((bar) -> {
			assertThat(bar.path("fraction").asDouble()).isBetween(0.0, 1.0);
			assertThat(bar.path("width").asDouble()).isCloseTo(100 * bar.path("fraction").asDouble(), within(0.1));
		});
	}

	@Test
	void callsMakeTheBarsDropAndRoutedCallsShowOnTheirModel() throws Exception {
		String requests = "small requests-per-minute";
		double before = widths(bars()).get(requests);
		for (int i = 0; i < 12; i++) {
			Reservation reservation = this.limiter
				.reserve(ReservationRequest.builder("small").maxTokens(100).maxWait(Duration.ZERO).build());
			reservation.completeAsReserved();
		}
		JsonNode after = awaitBars((bars) -> widths(bars).get(requests) < before - 50);
		assertThat(widths(after).get(requests)).isLessThan(before - 50);
		long routed = this.counts.counts("small").routedTo().get("large");
		assertThat(routed).as("calls routed from small to large").isBetween(2L, 12L);
		awaitTrue("calls routed to the fallback on the page", "(document.querySelector("
				+ "'.card[data-model=\"small\"] .routes [data-fallback=\"large\"] b') || {}).textContent === '"
				+ routed + "'");
		byte[] png = this.browser.screenshot();
		Path file = Path.of("target", "dashboard", screenshotName());
		Files.createDirectories(file.getParent());
		Files.write(file, png);
		assertNonTrivialImage(png);
	}

	/**
	 * Name of the screenshot taken after the calls.
	 * @return the file name
	 */
	protected String screenshotName() {
		return "dashboard-after-calls.png";
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private Map<String, Long> configuredMeters() {
		Map<String, Long> meters = new HashMap<>();
		this.limiter.headroom()
			.forEach((model, headroom) -> headroom.meters()
				.forEach((meter, meterHeadroom) -> meters.put(model + " " + meter.propertyName(),
						meterHeadroom.limit())));
		return meters;
	}

	private JsonNode bars() {
		return this.browser.evaluate(BARS);
	}

	private JsonNode awaitBars(Predicate<JsonNode> condition) throws InterruptedException {
		long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
		JsonNode bars = bars();
		while (!condition.test(bars)) {
			assertThat(System.currentTimeMillis()).as("time waiting for the bars, now " + bars + " on a page saying "
					+ this.browser.evaluate("document.location.href + ': ' + document.body.innerText")).isLessThan(deadline);
			Thread.sleep(200);
			bars = bars();
		}
		return bars;
	}

	private void awaitTrue(String description, String expression) throws InterruptedException {
		long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
		while (!this.browser.evaluate(expression).asBoolean()) {
			assertThat(System.currentTimeMillis()).as("time waiting for " + description).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private static Map<String, Double> widths(JsonNode bars) {
		Map<String, Double> widths = new HashMap<>();
		bars.forEach((bar) -> widths.put(bar.path("model").asString() + " " + bar.path("meter").asString(),
				bar.path("width").asDouble()));
		return widths;
	}

	private static void assertNonTrivialImage(byte[] png) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image).as("a PNG image").isNotNull();
		assertThat(image.getWidth()).isEqualTo(WIDTH);
		assertThat(image.getHeight()).isEqualTo(HEIGHT);
		Set<Integer> colours = new HashSet<>();
		for (int x = 0; x < image.getWidth(); x += 4) {
			for (int y = 0; y < image.getHeight(); y += 4) {
				colours.add(image.getRGB(x, y));
			}
		}
		assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(20);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DashboardApplication {

	}

}
