package dev.llmratelimit.http;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.guard.internal.CallSettlement;
import dev.llmratelimit.guard.internal.ReactiveSettlements;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.usage.UsageExtractor;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code WebClient} call made inside a rate-limited {@code Flux} or {@code Mono} finds
 * its reservation in the Reactor context, so the headers of a streamed response teach the
 * model that reserved, whatever thread the response arrives on.
 */
@Timeout(60)
class StreamedResponseReservationTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.dialects(new DialectRegistry(List.of(new AnthropicDialect())))
		.model(ModelLimits.builder("claude").provider("anthropic").limit(Meter.REQUESTS_PER_MINUTE, 50).build())
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
	void headersOfAStreamedResponseTeachTheReservationOfTheStream() {
		this.server.enqueue(streamed());
		Flux<String> events = this.client.post().uri("/v1/messages").bodyValue("{}").retrieve().bodyToFlux(String.class);
		List<String> received = ReactiveSettlements.flux(this::settlement, events)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(received).containsExactly("message_start", "message_stop");
		assertThat(inputTokenLimit()).isEqualTo(30_000);
		assertThat(this.limiter.headroom("claude").orElseThrow().inFlight()).isZero();
	}

	@Test
	void headersOfASingleResponseTeachTheReservationOfTheMono() {
		this.server.enqueue(streamed());
		Mono<String> reply = this.client.post().uri("/v1/messages").bodyValue("{}").retrieve().bodyToMono(String.class);
		ReactiveSettlements.mono(this::settlement, reply).block(Duration.ofSeconds(10));
		assertThat(inputTokenLimit()).isEqualTo(30_000);
	}

	private CallSettlement settlement() {
		UsageExtractor noUsage = (result) -> Optional.empty();
		return new CallSettlement(() -> this.limiter.reserve("claude", 10, 10, Duration.ZERO), noUsage);
	}

	private long inputTokenLimit() {
		return this.limiter.limits("claude").orElseThrow().limit(Meter.INPUT_TOKENS_PER_MINUTE).orElseThrow();
	}

	private static MockResponse streamed() {
		return new MockResponse().setHeader("Content-Type", "text/event-stream")
			.setHeader("anthropic-ratelimit-requests-limit", "50")
			.setHeader("anthropic-ratelimit-requests-remaining", "49")
			.setHeader("anthropic-ratelimit-input-tokens-limit", "30000")
			.setHeader("anthropic-ratelimit-input-tokens-remaining", "29000")
			.setBody("data: message_start\n\ndata: message_stop\n\n");
	}

}
