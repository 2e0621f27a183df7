package dev.llmratelimit.sample.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.MeterStatistics;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * End to end: the sample app's {@code /chat}, rate limited by the starter, against the
 * embedded simulator with limits a burst of 32 callers overruns. Output tokens per minute
 * bind: 32 calls reserving 1,000 tokens each ask for 32,000 of a 16,000 bucket (while
 * answering only 2% to 10% of that), and each takes half a second, so without the limiter
 * the simulator answers 429; with it, half the calls wait until earlier ones refund what
 * they did not use. The maximum wait covers the worst case (refill alone, 60 s); refunds
 * make the burst finish in a couple of seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.latency=500ms", "sample.simulator.min-output-fraction=0.02",
				"sample.simulator.max-output-fraction=0.10", "llm.ratelimit.max-wait=90s",
				"llm.ratelimit.models.claude-sonnet-4-5.requests-per-minute=600",
				"llm.ratelimit.models.claude-sonnet-4-5.input-tokens-per-minute=100000",
				"llm.ratelimit.models.claude-sonnet-4-5.output-tokens-per-minute=16000",
				"sample.simulator.models.claude-sonnet-4-5.requests-per-minute=600",
				"sample.simulator.models.claude-sonnet-4-5.input-tokens-per-minute=100000",
				"sample.simulator.models.claude-sonnet-4-5.output-tokens-per-minute=16000" })
@Timeout(60)
class ChatBurstTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final int CALLERS = 32;

	private static final int MAX_TOKENS = 1000;

	/** Callers of the burst the endpoint test reads the meters after. */
	private static final int BURST = 8;

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
	void burstOfConcurrentChatsShouldAllSucceedWithoutASingleProviderRateLimitError() throws Exception {
		assertThat(chat("Warm up the HTTP clients before measuring.").getStatusCode()).isEqualTo(HttpStatus.OK);
		ModelStatistics before = this.simulator.provider().statistics(MODEL);
		long started = System.nanoTime();
		List<ResponseEntity<JsonNode>> responses = burst(CALLERS);
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		ModelStatistics after = this.simulator.provider().statistics(MODEL);
		long admitted = after.admitted() - before.admitted();
		long rejected = after.rejected() - before.rejected();
		MeterStatistics output = after.meters().get(SimulatedMeter.OUTPUT_TOKENS);
		System.out.printf(
				"Burst of %d /chat calls in %d ms: simulator admitted %d, answered 429 %d times; "
						+ "output-tokens-per-minute (binding) peak use %.1f%% of the bucket, %.1f%% of what the "
						+ "meter could give over the active period; requests %.1f%%, input tokens %.1f%%%n",
				CALLERS, elapsedMillis, admitted, rejected, 100 * output.peakUtilization(),
				100 * after.utilization(SimulatedMeter.OUTPUT_TOKENS), 100 * after.utilization(SimulatedMeter.REQUESTS),
				100 * after.utilization(SimulatedMeter.INPUT_TOKENS));
		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody().path("text").asString()).isNotBlank();
			assertThat(response.getBody().path("usage").path("outputTokens").asLong()).isBetween(1L,
					(long) MAX_TOKENS);
		});
		assertThat(rejected).isZero();
		assertThat(admitted).isEqualTo(CALLERS);
		assertThat(output.peakUtilization()).as("peak use of the binding meter").isGreaterThan(0.5);
	}

	@Test
	void limitsEndpointShouldShowTheConfiguredLimitsAndTheAvailabilityTheSimulatorSees() throws Exception {
		long started = System.nanoTime();
		burst(BURST);
		double burstMinutes = (System.nanoTime() - started) / 60e9;
		JsonNode model = getJson("/actuator/llmlimits").path("models").path(MODEL);
		ModelStatistics simulator = this.simulator.provider().statistics(MODEL);
		assertMeter(model, "requests-per-minute", 600, simulator.meters().get(SimulatedMeter.REQUESTS), burstMinutes,
				0);
		assertMeter(model, "input-tokens-per-minute", 100000, simulator.meters().get(SimulatedMeter.INPUT_TOKENS),
				burstMinutes, 0);
		assertMeter(model, "output-tokens-per-minute", 16000, simulator.meters().get(SimulatedMeter.OUTPUT_TOKENS),
				burstMinutes, BURST * MAX_TOKENS);
		assertThat(model.path("inFlight").asInt()).isZero();
		assertThat(model.path("waiting").asInt()).isZero();
	}

	@Test
	void limitsEndpointShouldListEveryConfiguredModel() {
		JsonNode models = getJson("/actuator/llmlimits").path("models");
		assertThat(models.has(MODEL)).isTrue();
		assertThat(models.path("claude-haiku-4-5").path("meters").path("requests-per-minute").path("limit").asDouble())
			.isEqualTo(50);
		assertThat(models.path("claude-haiku-4-5").path("meters").path("output-tokens-per-minute").path("limit")
			.asDouble()).isEqualTo(10000);
	}

	@Test
	void limitsEndpointShouldShowOneModelAndAnswer404ForAnUnknownOne() {
		JsonNode model = getJson("/actuator/llmlimits/" + MODEL);
		assertThat(model.path("meters").path("output-tokens-per-minute").path("limit").asDouble()).isEqualTo(16000);
		HttpStatus unknown = this.client.get()
			.uri("/actuator/llmlimits/no-such-model")
			.exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));
		assertThat(unknown).isEqualTo(HttpStatus.NOT_FOUND);
	}

	// The client reserves before the simulator does and refunds after it, so it never sees
	// more than the simulator has, give or take its input estimate (1% of the limit) and the
	// refill between a reservation and the simulator's charge: at most what refills while the
	// burst lasts (a loaded machine delays requests). It should not see much less either:
	// at most what the observation lag conservatively keeps off for calls answered in the
	// last moments of the burst (a few calls' max tokens), bounded here by 20% of the limit,
	// or, on a meter the simulator reserves from max tokens and refunds at the end (output),
	// what the burst's calls held there at once: on a loaded machine one response's headers
	// can be read after a later one's, and then show the simulator's level while calls still
	// held their max tokens. That error is on the safe side and goes with the next response.
	private static void assertMeter(JsonNode model, String name, long limit, MeterStatistics simulator,
			double burstMinutes, double heldByTheBurst) {
		JsonNode meter = model.path("meters").path(name);
		double available = meter.path("available").asDouble();
		assertThat(meter.path("limit").asDouble()).as(name + " limit").isEqualTo(limit);
		assertThat(available).as(name + " available").isBetween(0.0, (double) limit);
		assertThat(available).as(name + " available against the simulator's level; the meter: " + meter)
			.isLessThanOrEqualTo(simulator.level() + 0.01 * limit + limit * burstMinutes)
			.isGreaterThanOrEqualTo(simulator.level() - Math.max(0.2 * limit, heldByTheBurst));
	}

	private List<ResponseEntity<JsonNode>> burst(int callers) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				String prompt = "Question " + i + ": " + "tell me about rate limits. ".repeat(8 + 9 * i);
				futures.add(executor.submit(() -> {
					start.await();
					return chat(prompt);
				}));
			}
			start.countDown();
			List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
			for (Future<ResponseEntity<JsonNode>> future : futures) {
				responses.add(future.get(30, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private ResponseEntity<JsonNode> chat(String prompt) {
		return this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("model", MODEL, "prompt", prompt, "maxTokens", MAX_TOKENS))
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(response.bodyTo(JsonNode.class)));
	}

	private JsonNode getJson(String path) {
		return this.client.get().uri(path).retrieve().body(JsonNode.class);
	}

}
