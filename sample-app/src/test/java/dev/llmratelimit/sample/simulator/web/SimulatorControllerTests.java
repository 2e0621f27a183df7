package dev.llmratelimit.sample.simulator.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the simulator's {@code POST /v1/messages} wire format, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "simulator.latency=5ms", "simulator.models.one-per-minute.requests-per-minute=1" })
class SimulatorControllerTests {

	@LocalServerPort
	private int port;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void messagesShouldAnswerInTheMessagesWireFormat() {
		ResponseEntity<JsonNode> response = post(request("claude-haiku-4-5", 1000, "x".repeat(400)));
		JsonNode body = response.getBody();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(body.path("id").asString()).startsWith("msg_");
		assertThat(body.path("type").asString()).isEqualTo("message");
		assertThat(body.path("role").asString()).isEqualTo("assistant");
		assertThat(body.path("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(body.path("content").get(0).path("type").asString()).isEqualTo("text");
		assertThat(body.path("content").get(0).path("text").asString()).isNotBlank();
		assertThat(body.path("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(100);
		assertThat(body.path("usage").path("output_tokens").asLong()).isBetween(50L, 300L);
		assertThat(body.path("usage").path("cache_creation_input_tokens").asLong()).isZero();
		assertThat(body.path("usage").path("cache_read_input_tokens").asLong()).isZero();
	}

	@Test
	void messagesShouldCountTheSystemPromptAndContentBlocksAsInput() {
		Map<String, Object> request = Map.of("model", "claude-haiku-4-5", "max_tokens", 100, "system", "s".repeat(40),
				"messages",
				List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "u".repeat(40))))));
		ResponseEntity<JsonNode> response = post(request);
		assertThat(response.getBody().path("usage").path("input_tokens").asLong()).isEqualTo(20);
	}

	@Test
	void everyResponseShouldCarryTheRateLimitHeaders() {
		ResponseEntity<JsonNode> response = post(request("claude-haiku-4-5", 100, "hello"));
		assertThat(response.getHeaders().getFirst("anthropic-ratelimit-requests-limit")).isEqualTo("50");
		assertThat(response.getHeaders().getFirst("anthropic-ratelimit-input-tokens-limit")).isEqualTo("50000");
		assertThat(response.getHeaders().getFirst("anthropic-ratelimit-output-tokens-limit")).isEqualTo("10000");
		assertThat(response.getHeaders().getFirst("anthropic-ratelimit-output-tokens-reset"))
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
		assertThat(response.getHeaders().getFirst("request-id")).startsWith("req_");
	}

	@Test
	void requestOverTheLimitShouldGetARateLimitErrorWithRetryAfter() {
		assertThat(post(request("one-per-minute", 100, "first")).getStatusCode()).isEqualTo(HttpStatus.OK);
		ResponseEntity<JsonNode> response = post(request("one-per-minute", 100, "second"));
		JsonNode body = response.getBody();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(response.getHeaders().getFirst("retry-after"))).isBetween(1L, 60L);
		assertThat(response.getHeaders().getFirst("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
		assertThat(body.path("type").asString()).isEqualTo("error");
		assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
		assertThat(body.path("error").path("message").asString()).contains("one-per-minute");
		assertThat(body.path("request_id").asString()).startsWith("req_");
	}

	@Test
	void requestWithoutMaxTokensShouldBeAnInvalidRequest() {
		ResponseEntity<JsonNode> response = post(
				Map.of("model", "claude-haiku-4-5", "messages", List.of(Map.of("role", "user", "content", "hi"))));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().path("error").path("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.getBody().path("error").path("message").asString()).contains("max_tokens");
	}

	@Test
	void unreadableBodyShouldBeAnInvalidRequest() {
		ResponseEntity<JsonNode> response = post("{not json");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().path("error").path("type").asString()).isEqualTo("invalid_request_error");
	}

	private static Map<String, Object> request(String model, int maxTokens, String prompt) {
		return Map.of("model", model, "max_tokens", maxTokens, "messages",
				List.of(Map.of("role", "user", "content", prompt)));
	}

	private ResponseEntity<JsonNode> post(Object body) {
		return this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-api-key", "test")
			.header("anthropic-version", "2023-06-01")
			.body(body)
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(response.bodyTo(JsonNode.class)));
	}

}
