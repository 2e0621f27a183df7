package dev.llmratelimit.sample.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmratelimit.sample.anthropic.MessagesRequest;
import dev.llmratelimit.sample.anthropic.MessagesResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AnthropicClient} against a real HTTP server standing in for the
 * provider.
 */
class AnthropicClientTests {

	private static final String ANSWER = """
			{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
			 "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":12,"output_tokens":6,"cache_creation_input_tokens":2,"cache_read_input_tokens":3}}
			""";

	private final BlockingQueue<RecordedRequest> requests = new ArrayBlockingQueue<>(10);

	private HttpServer server;

	@BeforeEach
	void startProvider() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
	}

	@AfterEach
	void stopProvider() {
		this.server.stop(0);
	}

	@Test
	void messagesShouldSendTheApiKeyVersionAndBodyToTheConfiguredBaseUrl() throws Exception {
		ProviderProperties properties = new ProviderProperties();
		properties.setBaseUrl("http://localhost:" + this.server.getAddress().getPort());
		properties.setApiKey("sk-ant-test");
		AnthropicClient client = new AnthropicClient(RestClient.builder(), properties);
		client.messages(MessagesRequest.ofUserPrompt("claude-sonnet-4-5", 256, "Hi there"));
		RecordedRequest request = this.requests.poll(5, TimeUnit.SECONDS);
		assertThat(request.path()).isEqualTo("/v1/messages");
		assertThat(request.apiKey()).isEqualTo("sk-ant-test");
		assertThat(request.version()).isEqualTo("2023-06-01");
		assertThat(request.body()).contains("\"model\":\"claude-sonnet-4-5\"")
			.contains("\"max_tokens\":256")
			.contains("\"role\":\"user\"")
			.contains("\"content\":\"Hi there\"")
			.doesNotContain("system");
	}

	@Test
	void messagesShouldReadTheAnswerAndItsUsage() {
		ProviderProperties properties = new ProviderProperties();
		properties.setBaseUrl("http://localhost:" + this.server.getAddress().getPort());
		AnthropicClient client = new AnthropicClient(RestClient.builder(), properties);
		MessagesResponse response = client.messages(MessagesRequest.ofUserPrompt("claude-sonnet-4-5", 256, "Hi"));
		assertThat(response.text()).isEqualTo("Hello!");
		assertThat(response.usage()).isEqualTo(new MessagesResponse.Usage(12, 6, 2, 3));
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			this.requests.add(new RecordedRequest(exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("x-api-key"),
					exchange.getRequestHeaders().getFirst("anthropic-version"),
					new String(in.readAllBytes(), StandardCharsets.UTF_8)));
		}
		byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private record RecordedRequest(String path, String apiKey, String version, String body) {
	}

}
