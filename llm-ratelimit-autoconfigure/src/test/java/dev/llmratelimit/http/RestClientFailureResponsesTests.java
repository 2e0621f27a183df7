package dev.llmratelimit.http;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.http.internal.RestClientFailureResponses;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class RestClientFailureResponsesTests {

	private static final String BODY = "{\"error\":{\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}";

	private final RestClientFailureResponses extractor = new RestClientFailureResponses();

	private MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getLoopbackAddress(), 0);
	}

	@AfterEach
	void stopServer() throws IOException {
		this.server.shutdown();
	}

	@Test
	void readsStatusHeadersAndBodyOfARestClientError() {
		this.server.enqueue(new MockResponse().setResponseCode(429)
			.setHeader("retry-after-ms", "45190")
			.setHeader("x-ratelimit-remaining-tokens", "0")
			.setBody(BODY));
		Optional<ProviderResponse> response = this.extractor.responseOf(callServer());
		assertThat(response).hasValueSatisfying((provider) -> {
			assertThat(provider.status()).isEqualTo(429);
			assertThat(provider.header("Retry-After-Ms")).isEqualTo("45190");
			assertThat(provider.header("x-ratelimit-remaining-tokens")).isEqualTo("0");
			assertThat(provider.body()).isEqualTo(BODY);
		});
	}

	@Test
	void findsTheErrorWrappedInAnotherException() {
		this.server.enqueue(new MockResponse().setResponseCode(529).setBody("{}"));
		RuntimeException wrapped = new IllegalStateException("SDK failure", callServer());
		assertThat(this.extractor.responseOf(wrapped)).map(ProviderResponse::status).contains(529);
	}

	@Test
	void readsAnEmptyBodyAsNoBody() {
		this.server.enqueue(new MockResponse().setResponseCode(503));
		assertThat(this.extractor.responseOf(callServer())).hasValueSatisfying(
				(provider) -> assertThat(provider.body()).isNull());
	}

	@Test
	void findsNothingInOtherFailures() {
		assertThat(this.extractor.responseOf(new IOException("connection reset"))).isEmpty();
		assertThat(this.extractor.responseOf(null)).isEmpty();
	}

	private Throwable callServer() {
		RestClient client = RestClient.create(this.server.url("/v1/chat").toString());
		return catchThrowable(() -> client.post().uri("").body("{}").retrieve().toBodilessEntity());
	}

}
