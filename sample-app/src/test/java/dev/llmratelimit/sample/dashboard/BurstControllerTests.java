package dev.llmratelimit.sample.dashboard;

import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code POST /burst} against the sample app with its own configuration (bursts
 * of {@code claude-haiku-4-5}; the browser test bursts the other model).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BurstControllerTests {

	private static final String MODEL = "claude-haiku-4-5";

	@LocalServerPort
	private int port;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void burstIsAcceptedAndItsCallsGoThroughTheLimiter() throws InterruptedException {
		long before = admitted(limits());
		ResponseEntity<JsonNode> response = burst("model=" + MODEL + "&calls=5&maxTokens=64");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getBody().path("calls").asInt()).isEqualTo(5);
		assertThat(admitted(awaitLimits((model) -> admitted(model) >= before + 5))).isEqualTo(before + 5);
	}

	@Test
	void burstCallsAreAuditedUnderTheChatServiceCallSite() throws InterruptedException {
		burst("model=" + MODEL + "&calls=3&maxTokens=64");
		JsonNode model = awaitLimits(
				(limits) -> limits.path("maxTokensAudit").path("callSites").has("ChatService.chat"));
		assertThat(model.path("maxTokensAudit").path("callSites").path("ChatService.chat").path("reservedMaxTokens")
			.asDouble()).isEqualTo(64);
	}

	@Test
	void unknownModelIsRefused() {
		ResponseEntity<JsonNode> response = burst("model=no-such-model");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().path("detail").asString()).contains("no-such-model");
	}

	@Test
	void moreCallsThanABurstAllowsAreRefused() {
		ResponseEntity<JsonNode> response = burst("model=" + MODEL + "&calls=101");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody().path("detail").asString()).contains("between 1 and 100, was 101");
	}

	@Test
	void maxTokensBelowOneIsRefused() {
		assertThat(burst("model=" + MODEL + "&maxTokens=0").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	private ResponseEntity<JsonNode> burst(String query) {
		return this.client.post().uri("/burst?" + query).retrieve().toEntity(JsonNode.class);
	}

	private JsonNode limits() {
		return this.client.get().uri("/actuator/llmlimits/" + MODEL).retrieve().body(JsonNode.class);
	}

	private JsonNode awaitLimits(Predicate<JsonNode> condition) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 30_000;
		JsonNode limits = limits();
		while (!condition.test(limits)) {
			assertThat(System.currentTimeMillis()).as("time waiting for " + limits).isLessThan(deadline);
			Thread.sleep(100);
			limits = limits();
		}
		return limits;
	}

	private static long admitted(JsonNode model) {
		return model.path("calls").path("admitted").asLong() + model.path("calls").path("waited").asLong();
	}

}
