package dev.llmratelimit.actuate.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium driven over the Chrome DevTools protocol, with nothing but the JDK's
 * {@link HttpClient} and {@link WebSocket}: Debian's {@code chromium} (CI installs it), a
 * fresh profile per start, one page.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private HeadlessChromium(Process process, Path profile, URI page) {
		this.process = process;
		this.profile = profile;
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(page, new Replies())
			.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

	/**
	 * Starts Chromium headless with a fresh profile and connects to its first page.
	 * @param width the viewport width in pixels
	 * @param height the viewport height in pixels
	 * @return the browser
	 * @throws AssertionError when no Chromium is installed
	 */
	static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
		Path executable = executable();
		Path profile = Files.createTempDirectory("chromium-profile-");
		List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
				"--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
				"about:blank"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(profile.resolve("chromium.log").toFile())
			.start();
		try {
			int port = devToolsPort(process, profile);
			HeadlessChromium browser = new HeadlessChromium(process, profile, pageSocket(port));
			browser.send("Emulation.setDeviceMetricsOverride",
					Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
			return browser;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	private static Path executable() {
		String configured = System.getenv("CHROMIUM");
		Stream<String> candidates = (configured != null) ? Stream.of(configured) : CANDIDATES.stream();
		return candidates.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No Chromium found (looked for " + ((configured != null)
					? "$CHROMIUM=" + configured : String.join(", ", CANDIDATES))
					+ "). The dashboard browser test needs a real headless browser: install Debian's chromium "
					+ "(apt-get install -y chromium), as .ci/run does, or point $CHROMIUM at one."));
	}

	private static int devToolsPort(Process process, Path profile) throws IOException, InterruptedException {
		Path portFile = profile.resolve("DevToolsActivePort");
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
						+ Files.readString(profile.resolve("chromium.log")));
			}
			if (Files.exists(portFile)) {
				List<String> lines = Files.readAllLines(portFile);
				if (!lines.isEmpty() && !lines.get(0).isBlank()) {
					return Integer.parseInt(lines.get(0).trim());
				}
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("Chromium did not open its DevTools port within " + TIMEOUT);
	}

	private static URI pageSocket(int port) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
					HttpResponse.BodyHandlers.ofString());
		for (JsonNode target : json.readTree(response.body())) {
			if ("page".equals(target.path("type").asString())) {
				return URI.create(target.path("webSocketDebuggerUrl").asString());
			}
		}
		throw new IllegalStateException("Chromium has no page target: " + response.body());
	}

	/**
	 * Sends a DevTools command and waits for its result.
	 * @param method the command, such as {@code Page.navigate}
	 * @param params its parameters
	 * @return the result
	 */
	JsonNode send(String method, Map<String, Object> params) {
		long id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		String message = json.writeValueAsString(Map.of("id", id, "method", method, "params", params));
		this.socket.sendText(message, true).join();
		JsonNode response = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		if (response.has("error")) {
			throw new IllegalStateException(method + " failed: " + response.get("error"));
		}
		return response.path("result");
	}

	/**
	 * Evaluates a JavaScript expression in the page.
	 * @param expression the expression
	 * @return its value, as JSON
	 */
	JsonNode evaluate(String expression) {
		JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("'" + expression + "' threw " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/**
	 * Opens a page.
	 * @param url the address
	 */
	void navigate(String url) {
		send("Page.navigate", Map.of("url", url));
	}

	/**
	 * Takes a PNG screenshot of the viewport.
	 * @return the image bytes
	 */
	byte[] screenshot() {
		String data = send("Page.captureScreenshot", Map.of("format", "png")).path("data").asString();
		return Base64.getDecoder().decode(data);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.socket.abort();
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		deleteProfile();
	}

	/**
	 * Deletes the profile directory. Chromium's helper processes may still remove files of
	 * their own for a moment after the browser exits: a file already gone is skipped, not
	 * an error.
	 */
	private void deleteProfile() throws IOException {
		Files.walkFileTree(this.profile, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path directory, IOException ex) {
				directory.toFile().delete();
				return FileVisitResult.CONTINUE;
			}

		});
	}

	/** Hands each reply to the command waiting for it; events are not used. */
	private final class Replies implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				JsonNode reply = json.readTree(this.message.toString());
				this.message.setLength(0);
				if (reply.has("id")) {
					long id = reply.get("id").asLong();
					CompletableFuture<JsonNode> waiting = HeadlessChromium.this.pending.remove(id);
					if (waiting != null) {
						waiting.complete(reply);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
