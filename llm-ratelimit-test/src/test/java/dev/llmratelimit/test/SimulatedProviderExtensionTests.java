package dev.llmratelimit.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatedProviderExtension} on a static field: one server for the
 * class, a fresh provider for each test.
 */
@Timeout(30)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedProviderExtensionTests {

	@RegisterExtension
	static SimulatedProviderExtension openAi = SimulatedProviderExtension.openAi()
		.model("gpt-4o-mini", SimulatedLimits.ofRequestsAndTokens(2, 100_000))
		.build();

	private static final HttpClient client = HttpClient.newHttpClient();

	private static String firstBaseUrl;

	@Test
	@Order(1)
	void extensionShouldReportWhatItAdmittedAndRefusedPerMeter() throws Exception {
		firstBaseUrl = openAi.baseUrl();
		assertThat(firstBaseUrl).startsWith("http://127.0.0.1:");
		assertThat(send().statusCode()).isEqualTo(200);
		assertThat(send().statusCode()).isEqualTo(200);
		assertThat(send().statusCode()).isEqualTo(429);
		ModelStatistics statistics = openAi.statistics("gpt-4o-mini");
		assertThat(statistics.admitted()).isEqualTo(2);
		assertThat(statistics.rejected()).isEqualTo(1);
		assertThat(statistics.rejectedBy(SimulatedMeter.REQUESTS)).isEqualTo(1);
		assertThat(statistics.rejectedBy(SimulatedMeter.TOKENS)).isZero();
		assertThat(statistics.completed()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void eachTestShouldStartWithFullBucketsOnTheSameServer() throws Exception {
		assertThat(openAi.baseUrl()).isEqualTo(firstBaseUrl);
		assertThat(openAi.statistics("gpt-4o-mini").admitted()).isZero();
		assertThat(send().statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> send() throws IOException, InterruptedException {
		String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(openAi.baseUrl() + "/v1/chat/completions"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
