package dev.llmratelimit.sample.integration;

import java.util.Map;

import dev.llmratelimit.LimitSource;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.sample.simulator.SimulatedProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: {@code POST /ai/chat} through Spring AI's Anthropic chat model to the
 * embedded simulator, rate limited by a bare {@code @LlmRateLimited}; and a
 * {@code ChatClient} from the auto-configured builder, rate limited by the starter's
 * advisor.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "simulator.latency=5ms", "llm.ratelimit.models.claude-haiku-4-5.input-tokens-per-minute=40000" })
@DirtiesContext
class SpringAiChatTests {

	private static final int PORT = FreePort.find();

	@Autowired
	private RecordingLimiterListener listener;

	@Autowired
	private LlmRateLimiter limiter;

	@Autowired
	private SimulatedProvider simulator;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@DynamicPropertySource
	static void serverPort(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@BeforeEach
	void clearListener() {
		this.listener.clear();
	}

	@Test
	void aiChatReservesTheRequestedMaxTokensAndSettlesWithTheResponseUsage() {
		long admittedBefore = this.simulator.statistics("claude-haiku-4-5").admitted();

		JsonNode reply = chat("/ai/chat", 200);

		LlmUsage usage = new LlmUsage(reply.path("usage").path("inputTokens").asLong(),
				reply.path("usage").path("outputTokens").asLong(), 0, 0);
		assertThat(usage.outputTokens()).isPositive();
		assertThat(this.listener.reservedOutputTokens()).containsExactly(200L);
		assertThat(this.listener.settledUsage()).containsExactly(usage);
		assertThat(this.simulator.statistics("claude-haiku-4-5").admitted()).isEqualTo(admittedBefore + 1);
	}

	@Test
	void aiChatFeedsTheRateLimitMetadataToTheLimiter() {
		chat("/ai/chat", 100);

		assertThat(this.listener.observed()).isNotEmpty();
		assertThat(this.limiter.headroom("claude-haiku-4-5").orElseThrow().meters())
			.hasEntrySatisfying(Meter.INPUT_TOKENS_PER_MINUTE, (meter) -> {
				assertThat(meter.limit()).isEqualTo(50000);
				assertThat(meter.source()).isEqualTo(LimitSource.HEADERS);
			});
	}

	@Test
	void chatClientFromTheAutoConfiguredBuilderIsRateLimitedByTheAdvisor() {
		ChatClient chatClient = this.chatClientBuilder.build();

		String answer = chatClient.prompt().user("Say hello").call().content();

		assertThat(answer).isNotEmpty();
		assertThat(this.listener.reservedOutputTokens()).containsExactly(1024L);
		assertThat(this.listener.settledUsage()).hasSize(1);
	}

	private static JsonNode chat(String path, int maxTokens) {
		return RestClient.create("http://localhost:" + PORT)
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("model", "claude-haiku-4-5", "prompt", "Say hello in a few words", "maxTokens", maxTokens))
			.retrieve()
			.body(JsonNode.class);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		RecordingLimiterListener recordingLimiterListener() {
			return new RecordingLimiterListener();
		}

	}

}
