package dev.llmratelimit.test.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmratelimit.test.SimulationClock;
import dev.llmratelimit.test.simulator.Admission;
import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedReply;
import dev.llmratelimit.test.simulator.SimulatedRequest;
import dev.llmratelimit.test.simulator.WireFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves a {@link SimulatedProvider} over HTTP on a free loopback port, in its wire format:
 * Anthropic's {@code POST /v1/messages} or OpenAI's {@code POST /v1/chat/completions}. An
 * admitted call is answered after the latency model's time on the given clock, with its
 * usage and the rate-limit headers; a refused one with 429, its {@code retry-after} and the
 * provider's error body; an invalid body with 400.
 * <p>
 * On a clock faster than real time, {@code retry-after-ms} carries the real milliseconds a
 * client must wait (official SDKs prefer it to {@code retry-after}), so that their backoff
 * lasts the right simulated time; every other figure is in simulated time.
 */
public final class SimulatedProviderServer implements AutoCloseable {

	private static final String REAL_TIME_RETRY_HEADER = "retry-after-ms";

	private final SimulatedProvider provider;

	private final SimulationClock clock;

	private final LatencyModel latency;

	private final WireCodec codec;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "simulated-provider");
		thread.setDaemon(true);
		return thread;
	});

	private SimulatedProviderServer(Builder builder) {
		this.provider = builder.provider;
		this.clock = builder.clock;
		this.latency = builder.latency;
		this.codec = (this.provider.wireFormat() == WireFormat.OPENAI) ? new OpenAiChatCompletionsCodec(this.json)
				: new AnthropicMessagesCodec(this.json);
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind a loopback port for the simulated provider", ex);
		}
		this.codec.paths().forEach((path) -> this.server.createContext(path, this::handle));
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Starts serving a provider at once, on real time, without latency.
	 * @param provider the simulated provider
	 * @return the running server
	 */
	public static SimulatedProviderServer start(SimulatedProvider provider) {
		return builder(provider).start();
	}

	/**
	 * Starts building a server.
	 * @param provider the simulated provider
	 * @return a builder on real time, without latency
	 */
	public static Builder builder(SimulatedProvider provider) {
		return new Builder(provider);
	}

	/**
	 * Base URL of the server, for a client's {@code base-url}: the API paths follow it.
	 * @return a loopback URL such as {@code http://127.0.0.1:53421}
	 */
	public URI baseUrl() {
		InetSocketAddress address = this.server.getAddress();
		return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	/**
	 * The provider behind the server, for its statistics.
	 * @return the provider
	 */
	public SimulatedProvider provider() {
		return this.provider;
	}

	/**
	 * Stops serving; calls in progress are abandoned.
	 */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				respond(exchange, 405, Map.of(), this.codec.invalidRequest("Use POST"));
				return;
			}
			ParsedRequest request = parse(exchange);
			if (request.problem() != null) {
				respond(exchange, 400, Map.of(), this.codec.invalidRequest(request.problem()));
				return;
			}
			Admission admission = this.provider
				.admit(new SimulatedRequest(request.model(), request.prompt(), request.maxTokens()));
			if (admission instanceof Rejection rejection) {
				respond(exchange, 429, rejectionHeaders(rejection), this.codec.rateLimitError(rejection));
				return;
			}
			SimulatedCall call = (SimulatedCall) admission;
			this.clock.sleep(this.latency.latency(call.inputTokens(), call.outputTokens()));
			SimulatedReply reply = call.complete();
			String text = AnswerText.ofLength(this.provider.tokenizer().characters(reply.outputTokens()));
			respond(exchange, 200, reply.headers(), this.codec.answer(reply, request.maxTokens(), text));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private ParsedRequest parse(HttpExchange exchange) throws IOException {
		try {
			JsonNode body = this.json.readTree(exchange.getRequestBody().readAllBytes());
			return (body != null && body.isObject()) ? this.codec.parse(body)
					: ParsedRequest.invalid("The request body must be a JSON object");
		}
		catch (JacksonException ex) {
			return ParsedRequest.invalid("The request body is not valid JSON");
		}
	}

	private Map<String, String> rejectionHeaders(Rejection rejection) {
		long oneSecond = Duration.ofSeconds(1).toNanos();
		if (this.clock.toRealNanos(oneSecond) == oneSecond) {
			return rejection.headers();
		}
		Map<String, String> headers = new LinkedHashMap<>(rejection.headers());
		double millis = this.clock.toRealNanos(rejection.retryAfter().toNanos()) / 1e6;
		headers.put(REAL_TIME_RETRY_HEADER, String.format(Locale.ROOT, "%.3f", Math.max(millis, 0.001)));
		return headers;
	}

	private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
			throws IOException {
		headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		exchange.getResponseHeaders().set("content-type", "application/json");
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Builds a {@link SimulatedProviderServer}.
	 */
	public static final class Builder {

		private final SimulatedProvider provider;

		private SimulationClock clock = SimulationClock.system();

		private LatencyModel latency = LatencyModel.none();

		private Builder(SimulatedProvider provider) {
			this.provider = Objects.requireNonNull(provider, "provider");
		}

		/**
		 * Sets the clock the latency passes on; use the provider's.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(SimulationClock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Sets how long admitted calls take.
		 * @param latency the latency model
		 * @return this builder
		 */
		public Builder latency(LatencyModel latency) {
			this.latency = Objects.requireNonNull(latency, "latency");
			return this;
		}

		/**
		 * Binds a free loopback port and starts serving.
		 * @return the running server
		 * @throws UncheckedIOException if no port can be bound
		 */
		public SimulatedProviderServer start() {
			return new SimulatedProviderServer(this);
		}

	}

}
