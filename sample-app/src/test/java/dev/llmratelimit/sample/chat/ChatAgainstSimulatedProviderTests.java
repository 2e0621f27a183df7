package dev.llmratelimit.sample.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.test.SimulatedProviderExtension;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit as a user's test uses it (the snippet of llm-ratelimit-test/README.md): a
 * simulated Anthropic API with the account's limits, the application pointed at it, a
 * burst the limits cannot take at once, and what the provider admitted and refused.
 */
@SpringBootTest(properties = "sample.simulator.enabled=false")
@Timeout(60)
class ChatAgainstSimulatedProviderTests {

	@RegisterExtension
	static SimulatedProviderExtension anthropic = SimulatedProviderExtension.anthropic()
		.model("claude-sonnet-4-5", SimulatedLimits.of(50, 30_000, 8_000))
		.build();

	@DynamicPropertySource
	static void anthropicBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("sample.provider.base-url", anthropic::baseUrl);
	}

	@Autowired
	private ChatService chat;

	@Test
	void burstLargerThanTheOutputMeterDrawsNo429() throws Exception {
		// 10 calls of max_tokens 1000 at once: the 8,000 output tokens per minute take 8
		ExecutorService callers = Executors.newFixedThreadPool(10);
		List<Future<ChatReply>> replies = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ChatRequest request = new ChatRequest("claude-sonnet-4-5", "Question " + i, 1000);
			replies.add(callers.submit(() -> this.chat.chat(request)));
		}
		for (Future<ChatReply> reply : replies) {
			assertThat(reply.get(50, TimeUnit.SECONDS).text()).isNotBlank();
		}
		callers.shutdown();
		ModelStatistics provider = anthropic.statistics("claude-sonnet-4-5");
		assertThat(provider.admitted()).isEqualTo(10);
		assertThat(provider.rejected()).isZero();
		assertThat(provider.rejectedBy(SimulatedMeter.OUTPUT_TOKENS)).isZero();
	}

}
