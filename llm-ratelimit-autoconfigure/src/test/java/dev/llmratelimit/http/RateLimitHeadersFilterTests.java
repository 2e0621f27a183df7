package dev.llmratelimit.http;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link RateLimitHeadersFilter} on a real {@code WebClient} talking to a real
 * HTTP server.
 */
class RateLimitHeadersFilterTests {

	private static final String REFUSAL = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
			+ "\"message\":\"Slow down\"},\"model\":\"claude-haiku\"}";

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
		.model(ModelLimits.builder("claude").provider("anthropic").limit(Meter.REQUESTS_PER_MINUTE, 50).build())
		.model(ModelLimits.unconfigured("claude-haiku"))
		.model(ModelLimits.unconfigured("claude-opus"))
		.build();

	private MockWebServer server;

	private WebClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		this.client = WebClient.builder()
			.clientConnector(new JdkClientHttpConnector())
			.baseUrl(this.server.url("/").toString())
			.filter(new RateLimitHeadersFilter(new ProviderResponseReporter(() -> this.limiter, 4096)))
			.build();
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.shutdown();
	}

	@Test
	void reservationInTheReactorContextFollowsTheCallAcrossThreads() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		during(reservation, post().subscribeOn(Schedulers.boundedElastic()));
		assertThat(inputTokenLimit("claude")).isEqualTo(30_000);
	}

	@Test
	void reservationOfTheSubscribingThreadIsUsedWithoutAReactorContext() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			post().block(Duration.ofSeconds(10));
		}
		assertThat(inputTokenLimit("claude")).isEqualTo(30_000);
	}

	@Test
	void requestLeavingInsideACallTellsItsReservationSoThatCallsNotSentYetCountAsUnseen() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation sent = firstOfTwoCallsAdmittedASecondAgo();
		during(sent, post());
		assertThat(requestsAvailable()).isEqualTo(48);
	}

	@Test
	void requestWithoutABodyLeavingInsideACallTellsItsReservation() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation sent = firstOfTwoCallsAdmittedASecondAgo();
		during(sent, this.client.get().uri("/v1/models").retrieve().bodyToMono(String.class));
		assertThat(requestsAvailable()).isEqualTo(48);
	}

	@Test
	void callsOwnRequestIsReportedSentWhenItsBodyIsWrittenNotWhenTheExchangeStarts() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.limiter.reserve("claude", 100, 100, Duration.ZERO).requestSent();
		this.time.advance(Duration.ofSeconds(1));
		AtomicReference<Double> availableWhileTheBodyIsMade = new AtomicReference<>();
		Mono<String> body = Mono.fromCallable(() -> {
			this.time.advance(Duration.ofSeconds(1));
			this.limiter.observe("claude", requestsRemaining(49));
			availableWhileTheBodyIsMade.set(requestsAvailable());
			return "{\"messages\":[]}";
		});
		during(call,
				this.client.post().uri("/v1/messages").body(body, String.class).retrieve().bodyToMono(String.class));
		assertThat(availableWhileTheBodyIsMade).hasValue(48.0);
	}

	@Test
	void requestForAnotherModelInsideACallDoesNotTellTheCallItsRequestLeft() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"model\":\"claude-haiku\"}"));
		Reservation call = firstOfTwoCallsAdmittedASecondAgo();
		during(call, post("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}"));
		this.limiter.observe("claude", requestsRemaining(49));
		assertThat(requestsAvailable()).isCloseTo(48 + 50.0 / 60, within(1e-9));
		assertThat(inputTokenLimit("claude-haiku")).isEqualTo(30_000);
	}

	@Test
	void requestForAnotherModelWrittenInPartsIsKnownByItsFirstPart() throws InterruptedException {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"model\":\"claude-haiku\"}"));
		Reservation call = firstOfTwoCallsAdmittedASecondAgo();
		Flux<DataBuffer> parts = Flux.just("{\"model\":\"claude-haiku\",", "\"max_tokens\":10,", "\"messages\":[]}")
			.map((part) -> DefaultDataBufferFactory.sharedInstance.wrap(part.getBytes(StandardCharsets.UTF_8)));
		String answer = during(call, this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.body(BodyInserters.fromDataBuffers(parts))
			.retrieve()
			.bodyToMono(String.class));
		this.limiter.observe("claude", requestsRemaining(49));
		assertThat(requestsAvailable()).isCloseTo(48 + 50.0 / 60, within(1e-9));
		assertThat(answer).isEqualTo("{\"id\":\"msg_1\",\"model\":\"claude-haiku\"}");
		assertThat(this.server.takeRequest().getBody().readUtf8())
			.isEqualTo("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}");
	}

	@Test
	void callsOwnRequestStreamedInFlushedPartsIsReportedSentByItsFirstPart() throws InterruptedException {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation call = firstOfTwoCallsAdmittedASecondAgo();
		Flux<Map<String, Object>> lines = Flux.just(Map.of("model", "claude"), Map.of("max_tokens", 10));
		during(call, this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_NDJSON)
			.body(lines, new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.retrieve()
			.bodyToMono(String.class));
		assertThat(requestsAvailable()).isEqualTo(48);
		assertThat(this.server.takeRequest().getBody().readUtf8())
			.isEqualTo("{\"model\":\"claude\"}\n{\"max_tokens\":10}\n");
	}

	@Test
	void responseToAnotherModelsRequestTeachesThatModelWhenItsBodyNamesNone() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		during(call, post("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}"));
		assertThat(inputTokenLimit("claude-haiku")).isEqualTo(30_000);
		assertThat(this.limiter.limits("claude").orElseThrow().limit(Meter.INPUT_TOKENS_PER_MINUTE)).isEmpty();
	}

	@Test
	void streamedResponseToAnotherModelsRequestTeachesThatModel() {
		this.server.enqueue(anthropicOk("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
			.setHeader("Content-Type", "text/event-stream"));
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		String answer = during(call, post("{\"model\":\"claude-haiku\",\"stream\":true,\"messages\":[]}"));
		assertThat(answer).isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
		assertThat(inputTokenLimit("claude-haiku")).isEqualTo(30_000);
		assertThat(this.limiter.limits("claude").orElseThrow().limit(Meter.INPUT_TOKENS_PER_MINUTE)).isEmpty();
	}

	@Test
	void responseToTheCallsOwnRequestTeachesTheCallsModel() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		during(call, post("{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[]}"));
		assertThat(inputTokenLimit("claude")).isEqualTo(30_000);
	}

	@Test
	void withoutAReservationTheModelComesFromAJsonResponseWhichTheCallerStillReads() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"model\":\"claude-opus\"}"));
		assertThat(post().block(Duration.ofSeconds(10))).isEqualTo("{\"id\":\"msg_1\",\"model\":\"claude-opus\"}");
		assertThat(inputTokenLimit("claude-opus")).isEqualTo(30_000);
	}

	@Test
	void errorBodyIsReportedAndStillReachesTheCaller() {
		this.server.enqueue(new MockResponse().setResponseCode(429)
			.setHeader("retry-after", "12")
			.setHeader("Content-Type", "application/json")
			.setBody(REFUSAL));
		WebClientResponseException failure = catchThrowableOfType(WebClientResponseException.class,
				() -> post().block(Duration.ofSeconds(10)));
		assertThat(failure.getResponseBodyAsString()).isEqualTo(REFUSAL);
		assertThat(this.limiter.headroom("claude-haiku").orElseThrow().cooldownUntil())
			.isEqualTo(this.time.now().plusSeconds(12));
	}

	/**
	 * Reserves two calls of {@code claude} and lets a second pass: the first is the call
	 * under test, the other stays unsent.
	 */
	private Reservation firstOfTwoCallsAdmittedASecondAgo() {
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(1));
		return call;
	}

	private static String during(Reservation call, Mono<String> exchange) {
		return exchange.contextWrite((context) -> context.put(ReservationContext.CONTEXT_KEY, call))
			.block(Duration.ofSeconds(10));
	}

	private Mono<String> post() {
		return this.client.post().uri("/v1/messages").bodyValue("{}").retrieve().bodyToMono(String.class);
	}

	private Mono<String> post(String body) {
		return this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(String.class);
	}

	private double requestsAvailable() {
		return this.limiter.headroom("claude").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available();
	}

	private static ProviderResponse requestsRemaining(long remaining) {
		return new ProviderResponse(200, Map.of("anthropic-ratelimit-requests-limit", List.of("50"),
				"anthropic-ratelimit-requests-remaining", List.of(Long.toString(remaining))), null);
	}

	private long inputTokenLimit(String model) {
		return this.limiter.limits(model).orElseThrow().limit(Meter.INPUT_TOKENS_PER_MINUTE).orElseThrow();
	}

	private static MockResponse anthropicOk(String body) {
		return new MockResponse().setHeader("Content-Type", "application/json")
			.setHeader("anthropic-ratelimit-requests-limit", "50")
			.setHeader("anthropic-ratelimit-requests-remaining", "49")
			.setHeader("anthropic-ratelimit-input-tokens-limit", "30000")
			.setHeader("anthropic-ratelimit-input-tokens-remaining", "29000")
			.setBody(body);
	}

}
