package dev.llmratelimit.sample.chat;

import java.util.Map;

import dev.llmratelimit.test.server.SimulatedProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: what the app's own clients see when the limiter refuses a call. With
 * {@code max-wait} 0 a call that would have to wait fails at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.latency=5ms", "llm.ratelimit.max-wait=0s",
				"llm.ratelimit.models.claude-haiku-4-5.requests-per-minute=1",
				"sample.simulator.models.claude-haiku-4-5.requests-per-minute=1" })
class ChatRateLimitResponseTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SimulatedProviderServer simulator;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void callThatWouldHaveToWaitShouldGet429WithRetryAfterAndNeverReachTheProvider() {
		ResponseEntity<JsonNode> first = chat("claude-haiku-4-5", "first question", 100);
		ResponseEntity<JsonNode> second = chat("claude-haiku-4-5", "second question", 100);
		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Long.parseLong(second.getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
		assertThat(second.getBody().path("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(second.getBody().path("meter").asString()).isEqualTo("requests-per-minute");
		assertThat(this.simulator.provider().statistics("claude-haiku-4-5").admitted()).isEqualTo(1);
		assertThat(this.simulator.provider().statistics("claude-haiku-4-5").rejected()).isZero();
	}

	@Test
	void callThatCanNeverFitShouldGet413AtOnce() {
		ResponseEntity<JsonNode> response = chat("claude-sonnet-4-5", "a long answer please", 9000);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(response.getBody().path("meter").asString()).isEqualTo("output-tokens-per-minute");
		assertThat(response.getBody().path("limit").asLong()).isEqualTo(8000);
		assertThat(this.simulator.provider().statistics("claude-sonnet-4-5").admitted()).isZero();
	}

	@Test
	void chatWithoutAPromptShouldBeABadRequest() {
		ResponseEntity<JsonNode> response = chat("claude-sonnet-4-5", "", 100);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().path("detail").asString()).isEqualTo("prompt is required");
	}

	private ResponseEntity<JsonNode> chat(String model, String prompt, int maxTokens) {
		return this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("model", model, "prompt", prompt, "maxTokens", maxTokens))
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(response.bodyTo(JsonNode.class)));
	}

}
