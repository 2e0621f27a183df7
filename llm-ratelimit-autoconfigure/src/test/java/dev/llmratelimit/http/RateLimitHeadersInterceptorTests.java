package dev.llmratelimit.http;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.internal.RestClientFailureResponses;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link RateLimitHeadersInterceptor} on a real {@code RestClient} talking to a
 * real HTTP server.
 */
class RateLimitHeadersInterceptorTests {

	private static final String REFUSAL = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
			+ "\"message\":\"Slow down\"}}";

	private final ManualTimeSource time = new ManualTimeSource();

	private final AtomicInteger observed = new AtomicInteger();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
		.failureResponses(new RestClientFailureResponses())
		.listener(new LimiterListener() {
			@Override
			public void observed(String model, ProviderSnapshot snapshot) {
				RateLimitHeadersInterceptorTests.this.observed.incrementAndGet();
			}
		})
		.model(ModelLimits.builder("claude")
			.provider("anthropic")
			.limit(Meter.REQUESTS_PER_MINUTE, 50)
			.alias("claude-latest")
			.build())
		.model(ModelLimits.unconfigured("claude-haiku"))
		.model(ModelLimits.unconfigured("claude-opus"))
		.build();

	private MockWebServer server;

	private RestClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		ProviderResponseReporter reporter = new ProviderResponseReporter(() -> this.limiter, 4096);
		this.client = RestClient.builder()
			.baseUrl(this.server.url("/").toString())
			.requestInterceptor(new RateLimitHeadersInterceptor(reporter, 4096))
			.build();
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.shutdown();
	}

	@Test
	void headersOfAResponseTeachTheReservationOfTheCallInProgress() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			post("{\"messages\":[]}");
		}
		assertThat(this.limiter.headroom("claude").orElseThrow().meters().get(Meter.INPUT_TOKENS_PER_MINUTE))
			.satisfies((meter) -> {
				assertThat(meter.limit()).isEqualTo(30_000);
				assertThat(meter.source()).isEqualTo(LimitSource.HEADERS);
			});
	}

	@Test
	void requestLeavingInsideACallTellsItsReservationSoThatCallsNotSentYetCountAsUnseen() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation sent = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(1));
		try (ReservationContext.Scope scope = ReservationContext.open(sent)) {
			post("{\"messages\":[]}");
		}
		assertThat(this.limiter.headroom("claude").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isEqualTo(48);
	}

	@Test
	void requestForAnotherModelInsideACallDoesNotTellTheCallItsRequestLeft() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation call = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(1));
		try (ReservationContext.Scope scope = ReservationContext.open(call)) {
			post("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}");
		}
		this.limiter.observe("claude", new ProviderResponse(200,
				Map.of("anthropic-ratelimit-requests-limit", List.of("50"), "anthropic-ratelimit-requests-remaining",
						List.of("49")),
				null));
		assertThat(this.limiter.headroom("claude").orElseThrow().meters().get(Meter.REQUESTS_PER_MINUTE).available())
			.isCloseTo(48 + 50.0 / 60, within(1e-9));
	}

	@Test
	void requestForAnotherModelInsideACallTeachesThatModelAndNeverTheCalls() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			post("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}");
		}
		assertThat(this.limiter.headroom("claude").orElseThrow().meters()).containsOnlyKeys(Meter.REQUESTS_PER_MINUTE);
		assertThat(this.limiter.limits("claude-haiku")).hasValueSatisfying(
				(limits) -> assertThat(limits.limit(Meter.INPUT_TOKENS_PER_MINUTE)).hasValue(30_000));
	}

	@Test
	void requestNamingAnAliasOfTheCallsModelTeachesTheCall() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			post("{\"model\":\"claude-latest\",\"max_tokens\":10,\"messages\":[]}");
		}
		assertThat(this.limiter.headroom("claude").orElseThrow().meters().get(Meter.INPUT_TOKENS_PER_MINUTE).limit())
			.isEqualTo(30_000);
	}

	@Test
	void refusalOfAnotherModelInsideACallClosesThatModelAndNotTheCalls() {
		this.server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "12").setBody(REFUSAL));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			reservation.fail(catchThrowableOfType(RestClientResponseException.class,
					() -> post("{\"model\":\"claude-haiku\",\"messages\":[]}")));
		}
		assertThat(reservation.isThrottled()).isFalse();
		assertThat(this.limiter.headroom("claude").orElseThrow().cooldownUntil()).isNull();
		assertThat(this.limiter.headroom("claude-haiku").orElseThrow().cooldownUntil())
			.isEqualTo(this.time.now().plusSeconds(12));
	}

	@Test
	void withoutACallInProgressTheModelComesFromTheRequestBody() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		post("{\"model\":\"claude-haiku\",\"max_tokens\":10,\"messages\":[]}");
		assertThat(this.limiter.limits("claude-haiku")).hasValueSatisfying(
				(limits) -> assertThat(limits.limit(Meter.INPUT_TOKENS_PER_MINUTE)).hasValue(30_000));
	}

	@Test
	void withoutAModelInTheRequestTheModelComesFromAJsonResponseWhichTheCallerStillReads() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\",\"model\":\"claude-opus\",\"content\":[]}"));
		String body = post("{\"messages\":[]}");
		assertThat(body).isEqualTo("{\"id\":\"msg_1\",\"model\":\"claude-opus\",\"content\":[]}");
		assertThat(this.limiter.limits("claude-opus")).hasValueSatisfying(
				(limits) -> assertThat(limits.limit(Meter.INPUT_TOKENS_PER_MINUTE)).hasValue(30_000));
	}

	@Test
	void aResponseNamingAModelWithoutABudgetCreatesNone() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		post("{\"model\":\"made-up-by-a-user\",\"max_tokens\":10,\"messages\":[]}");
		assertThat(this.limiter.models()).containsExactly("claude", "claude-haiku", "claude-opus");
	}

	@Test
	void responseNamingNoModelIsNotReported() {
		this.server.enqueue(anthropicOk("{\"id\":\"msg_1\"}"));
		post("{\"messages\":[]}");
		assertThat(this.observed).hasValue(0);
	}

	@Test
	void errorBodyIsReportedAndStillReachesTheCaller() {
		this.server.enqueue(new MockResponse().setResponseCode(429)
			.setHeader("retry-after", "12")
			.setHeader("Content-Type", "application/json")
			.setBody(REFUSAL));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		RestClientResponseException failure;
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			failure = catchThrowableOfType(RestClientResponseException.class, () -> post("{}"));
		}
		assertThat(failure.getResponseBodyAsString()).isEqualTo(REFUSAL);
		assertThat(this.limiter.headroom("claude").orElseThrow().cooldownUntil())
			.isEqualTo(this.time.now().plusSeconds(12));
	}

	@Test
	void refusalSeenByTheHookAndThrownToTheReservationIsCountedOnce() {
		this.server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "12").setBody(REFUSAL));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		try (ReservationContext.Scope scope = ReservationContext.open(reservation)) {
			reservation.fail(catchThrowableOfType(RestClientResponseException.class, () -> post("{}")));
		}
		assertThat(this.observed).hasValue(1);
		assertThat(reservation.isThrottled()).isTrue();
	}

	@Test
	void refusalThrownWithoutTheHookIsStillLearnedFromTheException() {
		RestClient plain = RestClient.builder().baseUrl(this.server.url("/").toString()).build();
		this.server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "12").setBody(REFUSAL));
		Reservation reservation = this.limiter.reserve("claude", 100, 100, Duration.ZERO);
		reservation.fail(catchThrowableOfType(RestClientResponseException.class,
				() -> plain.post().uri("/v1/messages").body("{}").retrieve().body(String.class)));
		assertThat(this.observed).hasValue(1);
		assertThat(reservation.isThrottled()).isTrue();
		assertThat(Optional.ofNullable(this.limiter.headroom("claude").orElseThrow().cooldownUntil())).isPresent();
	}

	private String post(String body) {
		return this.client.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(String.class);
	}

	private static MockResponse anthropicOk(String body) {
		return new MockResponse().setHeader("Content-Type", "application/json")
			.setHeader("anthropic-ratelimit-requests-limit", "50")
			.setHeader("anthropic-ratelimit-requests-remaining", "49")
			.setHeader("anthropic-ratelimit-input-tokens-limit", "30000")
			.setHeader("anthropic-ratelimit-input-tokens-remaining", "29000")
			.setHeader("anthropic-ratelimit-output-tokens-limit", "8000")
			.setHeader("anthropic-ratelimit-output-tokens-remaining", "8000")
			.setBody(body);
	}

}
