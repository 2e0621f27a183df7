package dev.llmratelimit.sample.chat;

import java.util.Map;

import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over the wire: the sample app's {@code /chat} calls the test kit's simulator through a
 * {@code RestClient} built from Spring Boot's builder, so the starter's hook sees every
 * response. A model with no configured limits learns them from the first response's
 * headers, and a 429 closes the model until its retry-after: the next call fails fast
 * without reaching the provider.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.latency=10ms", "llm.ratelimit.max-wait=0s",
				"sample.simulator.models.claude-opus-4.requests-per-minute=600",
				"sample.simulator.models.claude-opus-4.input-tokens-per-minute=2000",
				"sample.simulator.models.claude-opus-4.output-tokens-per-minute=100000",
				"sample.simulator.models.claude-storm.requests-per-minute=600",
				"sample.simulator.models.claude-storm.input-tokens-per-minute=2000",
				"sample.simulator.models.claude-storm.output-tokens-per-minute=100000" })
class HeadersOverTheWireTests {

	private static final String MODEL = "claude-opus-4";

	private static final String STORM = "claude-storm";

	@Autowired
	private SimulatedProviderServer server;

	@LocalServerPort
	private int port;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void unconfiguredModelLearnsItsLimitsFromTheFirstResponse() {
		assertThat(chat("x".repeat(400)).value()).isEqualTo(200);
		JsonNode limits = getJson("/actuator/llmlimits/" + MODEL);
		assertThat(limits.path("provider").asString()).isEqualTo("anthropic");
		JsonNode input = limits.path("meters").path("input-tokens-per-minute");
		assertThat(input.path("limit").asLong()).isEqualTo(2000);
		assertThat(input.path("source").asString()).isEqualTo("headers");
		assertThat(limits.has("inputEstimateRatio")).isTrue();
	}

	@Test
	void providerRefusalClosesTheModelSoTheNextCallNeverReachesTheProvider() {
		SimulatedProvider simulator = this.server.provider();
		assertThat(chat(STORM, "x".repeat(400)).value()).isEqualTo(200);
		long level = (long) simulator.statistics(STORM).meters().get(SimulatedMeter.INPUT_TOKENS).level();
		assertThat(simulator.admit(new SimulatedRequest(STORM, "x".repeat((int) (level * 4)), 1)))
			.isInstanceOf(SimulatedCall.class);
		chat(STORM, "x".repeat(400));
		long refusedByProvider = simulator.statistics(STORM).rejected();
		assertThat(refusedByProvider).isOne();
		assertThat(getJson("/actuator/llmlimits/" + STORM).path("cooldownUntil").isNull()).isFalse();
		assertThat(chat(STORM, "x".repeat(400)).value()).isEqualTo(429);
		assertThat(simulator.statistics(STORM).rejected()).isEqualTo(refusedByProvider);
	}

	private HttpStatusCode chat(String prompt) {
		return chat(MODEL, prompt);
	}

	private HttpStatusCode chat(String model, String prompt) {
		return this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("model", model, "prompt", prompt, "maxTokens", 100))
			.exchange((request, response) -> response.getStatusCode());
	}

	private JsonNode getJson(String path) {
		return this.client.get().uri(path).retrieve().body(JsonNode.class);
	}

}
