package dev.llmratelimit.test.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.llmratelimit.test.ManualClock;
import dev.llmratelimit.test.ScaledClock;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatedProviderServer}, over real HTTP.
 */
@Timeout(30)
class SimulatedProviderServerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final ManualClock clock = new ManualClock();

	private SimulatedProviderServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void messagesShouldAnswerInTheAnthropicWireFormat() throws Exception {
		start(WireFormat.ANTHROPIC, SimulatedLimits.of(50, 50_000, 10_000));
		HttpResponse<String> response = post("/v1/messages",
				"{\"model\":\"m\",\"max_tokens\":1000,\"system\":\"" + "s".repeat(40)
						+ "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
						+ "x".repeat(360) + "\"}]}]}");
		JsonNode body = JSON.readTree(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body.path("id").asString()).startsWith("msg_sim");
		assertThat(body.path("type").asString()).isEqualTo("message");
		assertThat(body.path("model").asString()).isEqualTo("m");
		assertThat(body.path("content").get(0).path("text").asString()).isNotBlank();
		assertThat(body.path("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(100);
		assertThat(body.path("usage").path("output_tokens").asLong()).isBetween(50L, 300L);
		assertThat(response.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("49");
		assertThat(response.headers().firstValue("anthropic-ratelimit-output-tokens-limit")).hasValue("10000");
		assertThat(response.headers().firstValue("request-id")).hasValueSatisfying((id) -> id.startsWith("req_"));
	}

	@Test
	void refusedMessageShouldBeARateLimitErrorWithRetryAfter() throws Exception {
		start(WireFormat.ANTHROPIC, SimulatedLimits.of(1, 50_000, 10_000));
		String request = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		assertThat(post("/v1/messages", request).statusCode()).isEqualTo(200);
		HttpResponse<String> response = post("/v1/messages", request);
		JsonNode body = JSON.readTree(response.body());
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after")).hasValue("60");
		assertThat(response.headers().firstValue("retry-after-ms")).isEmpty();
		assertThat(response.headers().firstValue("x-should-retry")).hasValue("true");
		assertThat(body.path("type").asString()).isEqualTo("error");
		assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
		assertThat(body.path("error").path("message").asString()).contains("requests per minute for model m");
		assertThat(body.path("request_id").asString()).startsWith("req_sim");
	}

	@Test
	void invalidMessageShouldBeABadRequest() throws Exception {
		start(WireFormat.ANTHROPIC, SimulatedLimits.of(1, 50_000, 10_000));
		HttpResponse<String> missing = post("/v1/messages", "{\"model\":\"m\",\"messages\":[]}");
		HttpResponse<String> garbage = post("/v1/messages", "not json");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(missing.body()).path("error").path("message").asString())
			.isEqualTo("max_tokens: Field required");
		assertThat(garbage.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(garbage.body()).path("error").path("type").asString())
			.isEqualTo("invalid_request_error");
		assertThat(this.server.provider().statistics("m").admitted()).isZero();
	}

	@Test
	void chatCompletionsShouldAnswerInTheOpenAiWireFormatAtBothPaths() throws Exception {
		start(WireFormat.OPENAI, SimulatedLimits.ofRequestsAndTokens(500, 200_000));
		String request = "{\"model\":\"gpt-4o-mini\",\"max_completion_tokens\":1000,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(400) + "\"}]}";
		HttpResponse<String> response = post("/v1/chat/completions", request);
		JsonNode body = JSON.readTree(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body.path("object").asString()).isEqualTo("chat.completion");
		assertThat(body.path("choices").get(0).path("message").path("content").asString()).isNotBlank();
		assertThat(body.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(100);
		long completion = body.path("usage").path("completion_tokens").asLong();
		assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(100 + completion);
		assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("499");
		assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens"))
			.hasValue(Long.toString(200_000 - 100 - completion));
		assertThat(post("/chat/completions", request).statusCode()).isEqualTo(200);
	}

	@Test
	void refusedChatCompletionShouldBeOpenAisRateLimitError() throws Exception {
		start(WireFormat.OPENAI, SimulatedLimits.ofRequestsAndTokens(500, 2_000));
		String request = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1500,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(400) + "\"}]}";
		post("/v1/chat/completions", request);
		HttpResponse<String> response = post("/v1/chat/completions", request);
		JsonNode error = JSON.readTree(response.body()).path("error");
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("retry-after-ms")).isPresent();
		assertThat(error.path("type").asString()).isEqualTo("tokens");
		assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asString()).startsWith("Rate limit reached for gpt-4o-mini");
	}

	@Test
	void latencyShouldPassOnTheClock() throws Exception {
		this.server = SimulatedProviderServer
			.builder(SimulatedProvider.builder().model("m", SimulatedLimits.of(50, 50_000, 10_000)).clock(this.clock)
				.build())
			.clock(this.clock)
			.latency(LatencyModel.fixed(Duration.ofMillis(1500)))
			.start();
		post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
		assertThat(this.clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void onAScaledClockRetryAfterMsShouldBeInRealMilliseconds() throws Exception {
		ScaledClock scaled = new ScaledClock(10, Instant.parse("2026-01-01T00:00:00Z"));
		this.server = SimulatedProviderServer
			.builder(SimulatedProvider.builder().model("m", SimulatedLimits.of(1, 50_000, 10_000)).clock(scaled)
				.build())
			.clock(scaled)
			.start();
		String request = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		post("/v1/messages", request);
		HttpResponse<String> response = post("/v1/messages", request);
		long simulatedSeconds = Long.parseLong(response.headers().firstValue("retry-after").orElseThrow());
		// a tenth of the simulated wait, in real milliseconds
		assertThat(Double.parseDouble(response.headers().firstValue("retry-after-ms").orElseThrow()))
			.isBetween((simulatedSeconds - 1) * 100.0, simulatedSeconds * 100.0);
	}

	private void start(WireFormat format, SimulatedLimits limits) {
		String model = (format == WireFormat.OPENAI) ? "gpt-4o-mini" : "m";
		this.server = SimulatedProviderServer.start(
				SimulatedProvider.builder().wireFormat(format).model(model, limits).clock(this.clock).build());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.server.baseUrl() + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
