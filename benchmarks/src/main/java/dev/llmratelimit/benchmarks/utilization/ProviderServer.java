package dev.llmratelimit.benchmarks.utilization;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.llmratelimit.sample.simulator.Admission;
import dev.llmratelimit.sample.simulator.MeterStatistics;
import dev.llmratelimit.sample.simulator.ModelStatistics;
import dev.llmratelimit.sample.simulator.Rejection;
import dev.llmratelimit.sample.simulator.SimulatedCall;
import dev.llmratelimit.sample.simulator.SimulatedMeter;
import dev.llmratelimit.sample.simulator.SimulatedProvider;
import dev.llmratelimit.sample.simulator.SimulatedReply;
import dev.llmratelimit.sample.simulator.SimulatedRequest;

/**
 * Serves a {@link SimulatedProvider} as {@code POST /v1/messages} in the Anthropic Messages
 * wire format on a free loopback port, with a latency model, and counts what it served.
 * <p>
 * Everything on the wire is in simulated time except {@code retry-after-ms}: that header
 * carries the real milliseconds a time-scaled client must wait, so that the official SDK,
 * which prefers it to {@code retry-after}, backs off for the right simulated time.
 */
public final class ProviderServer implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String ANSWER = "The simulated model considers the question carefully and answers it. ";

	private final SimulatedProvider provider;

	private final SimulatedTime time;

	private final LatencyModel latency;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String model;

	private final Object countersLock = new Object();

	private long completed;

	private long inputTokens;

	private long outputTokens;

	/**
	 * Starts serving.
	 * @param provider the simulated provider
	 * @param model the model whose meters are counted
	 * @param time the shared clock
	 * @param latency the latency model
	 * @throws IOException if no loopback port can be bound
	 */
	public ProviderServer(SimulatedProvider provider, String model, SimulatedTime time, LatencyModel latency)
			throws IOException {
		this.provider = provider;
		this.model = model;
		this.time = time;
		this.latency = latency;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		this.server.createContext("/v1/messages", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Base URL of the server, for an SDK's {@code baseUrl}.
	 * @return a loopback URL
	 */
	public URI baseUrl() {
		InetSocketAddress address = this.server.getAddress();
		return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	/**
	 * What has been served so far: calls completed and their actual tokens (counted when the
	 * call is reconciled), requests refused with 429, and what the output meter holds.
	 * @return the counters now
	 */
	public ServedCounters counters() {
		synchronized (this.countersLock) {
			ModelStatistics statistics = this.provider.statistics(this.model);
			MeterStatistics output = statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS);
			// the meter's consumed units are the actual output of completed calls plus the
			// max_tokens reserved by calls in flight
			double reservedInFlight = output.consumed() - this.outputTokens;
			return new ServedCounters(this.time.nanoTime(), this.completed, this.inputTokens, this.outputTokens,
					statistics.rejected(), output.level() + reservedInFlight, statistics.rejectedBy());
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			JsonNode body = readBody(exchange.getRequestBody());
			String model = body.path("model").asText();
			long maxTokens = body.path("max_tokens").asLong();
			Admission admission = this.provider.admit(new SimulatedRequest(model, inputText(body), maxTokens));
			if (admission instanceof Rejection rejection) {
				exchange.getResponseHeaders().set("retry-after-ms", realMillis(rejection.retryAfter()));
				respond(exchange, 429, rejection.headers(), rateLimitError(rejection));
				return;
			}
			SimulatedCall call = (SimulatedCall) admission;
			this.time.sleep(this.latency.latency(call.inputTokens(), call.outputTokens()));
			SimulatedReply reply;
			synchronized (this.countersLock) {
				reply = call.complete();
				this.completed++;
				this.inputTokens += reply.inputTokens();
				this.outputTokens += reply.outputTokens();
			}
			respond(exchange, 200, reply.headers(), message(reply, maxTokens));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String realMillis(Duration simulated) {
		double millis = this.time.toRealNanos(simulated.toNanos()) / 1e6;
		return String.format(Locale.ROOT, "%.3f", Math.max(millis, 0.001));
	}

	private static JsonNode readBody(InputStream in) throws IOException {
		return JSON.readTree(in.readAllBytes());
	}

	private static String inputText(JsonNode body) {
		StringBuilder text = new StringBuilder();
		appendText(text, body.path("system"));
		for (JsonNode message : body.path("messages")) {
			appendText(text, message.path("content"));
		}
		return text.toString();
	}

	private static void appendText(StringBuilder text, JsonNode content) {
		if (content.isTextual()) {
			text.append(content.asText());
		}
		else if (content.isArray()) {
			content.forEach((block) -> text.append(block.path("text").asText("")));
		}
	}

	private String message(SimulatedReply reply, long maxTokens) {
		ObjectNode message = JSON.createObjectNode();
		message.put("id", "msg_" + reply.requestId().substring("req_".length()));
		message.put("type", "message");
		message.put("role", "assistant");
		message.put("model", reply.model());
		ObjectNode block = message.putArray("content").addObject();
		block.put("type", "text");
		block.put("text", answer(this.provider.tokenizer().characters(reply.outputTokens())));
		message.put("stop_reason", (reply.outputTokens() >= maxTokens) ? "max_tokens" : "end_turn");
		message.putNull("stop_sequence");
		ObjectNode usage = message.putObject("usage");
		usage.put("input_tokens", reply.inputTokens());
		usage.put("output_tokens", reply.outputTokens());
		usage.put("cache_creation_input_tokens", 0);
		usage.put("cache_read_input_tokens", 0);
		return message.toString();
	}

	private static String rateLimitError(Rejection rejection) {
		ObjectNode body = JSON.createObjectNode();
		body.put("type", "error");
		ObjectNode error = body.putObject("error");
		error.put("type", "rate_limit_error");
		error.put("message", rejection.message());
		body.put("request_id", rejection.requestId());
		return body.toString();
	}

	private static String answer(int length) {
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			text.append(ANSWER, 0, Math.min(ANSWER.length(), length - text.length()));
		}
		return text.toString();
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

}
