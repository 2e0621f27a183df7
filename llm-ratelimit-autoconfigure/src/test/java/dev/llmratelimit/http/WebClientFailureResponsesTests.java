package dev.llmratelimit.http;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import dev.llmratelimit.http.internal.WebClientFailureResponses;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class WebClientFailureResponsesTests {

	private final WebClientFailureResponses extractor = new WebClientFailureResponses();

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
	void readsStatusHeadersAndBodyOfAWebClientError() {
		String body = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}";
		this.server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "12").setBody(body));
		assertThat(this.extractor.responseOf(callServer())).hasValueSatisfying((provider) -> {
			assertThat(provider.status()).isEqualTo(429);
			assertThat(provider.header("retry-after")).isEqualTo("12");
			assertThat(provider.body()).isEqualTo(body);
		});
	}

	@Test
	void findsNothingInOtherFailures() {
		assertThat(this.extractor.responseOf(new IllegalStateException("boom"))).isEmpty();
	}

	@Test
	void ignoresRestClientErrors() {
		this.server.enqueue(new MockResponse().setResponseCode(429));
		Throwable restFailure = catchThrowable(() -> RestClient
			.create(this.server.url("/").toString())
			.post()
			.body("{}")
			.retrieve()
			.toBodilessEntity());
		assertThat(this.extractor.responseOf(restFailure)).isEmpty();
	}

	private Throwable callServer() {
		WebClient client = WebClient.builder()
			.clientConnector(new JdkClientHttpConnector())
			.baseUrl(this.server.url("/v1/messages").toString())
			.build();
		return catchThrowable(
				() -> client.post().bodyValue("{}").retrieve().toBodilessEntity().block(Duration.ofSeconds(10)));
	}

}
