package dev.llmratelimit.sample.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import dev.llmratelimit.LlmRateLimiter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dashboard at {@code /} in a real headless Chromium, against the sample app with its
 * own configuration: a bar per configured meter whose width is what the meter has left,
 * and bars that drop when the page's burst button fires a burst. The screenshot taken
 * after the burst is saved as {@code target/dashboard/dashboard-after-burst.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
class DashboardBrowserTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final long TIMEOUT_MILLIS = 60_000;

	private static final int WIDTH = 1280;

	private static final int HEIGHT = 640;

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

	private HeadlessChromium browser;

	@BeforeAll
	void openDashboard() throws Exception {
		this.browser = HeadlessChromium.start(WIDTH, HEIGHT);
		this.browser.navigate("http://localhost:" + this.port + "/");
		awaitBars((bars) -> bars.size() == configuredMeters().size());
	}

	@AfterAll
	void closeBrowser() throws Exception {
		if (this.browser != null) {
			this.browser.close();
		}
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
	void burstButtonMakesTheBarsDropAndTheLimiterQueueCalls() throws Exception {
		String requests = MODEL + " requests-per-minute";
		double before = widths(bars()).get(requests);
		this.browser.evaluate("document.querySelector('.burst[data-model=\"" + MODEL + "\"]').click(), true");
		JsonNode after = awaitBars((bars) -> widths(bars).get(requests) < before - 20);
		assertThat(widths(after).get(requests)).isLessThan(before - 20);
		awaitTrue("waited calls on the page", "Number(document.querySelector('.card[data-model=\"" + MODEL
				+ "\"] [data-stat=\"waited\"] .value').textContent) > 0");
		Thread.sleep(2000);
		byte[] png = this.browser.screenshot();
		Path file = Path.of("target", "dashboard", "dashboard-after-burst.png");
		Files.createDirectories(file.getParent());
		Files.write(file, png);
		assertNonTrivialImage(png);
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
			assertThat(System.currentTimeMillis()).as("time waiting for the bars, now " + bars).isLessThan(deadline);
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

}
