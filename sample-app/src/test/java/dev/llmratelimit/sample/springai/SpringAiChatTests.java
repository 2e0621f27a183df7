package dev.llmratelimit.sample.springai;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.test.SimulatedProviderExtension;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with real parts: Spring AI's Anthropic chat model over HTTP to the test kit's
 * simulated Messages API, rate limited by a bare {@code @LlmRateLimited} on a method that
 * takes a {@code Prompt}; and a {@code ChatClient} from the auto-configured builder, rate
 * limited by the starter's advisor. Spring AI is a test dependency of the sample only.
 */
@SpringBootTest(properties = { "sample.simulator.enabled=false", "spring.ai.model.chat=anthropic",
		"spring.ai.anthropic.api-key=sk-ant-simulated", "spring.ai.anthropic.chat.options.model=claude-haiku-4-5",
		"spring.ai.anthropic.chat.options.max-tokens=1024",
		"llm.ratelimit.models.claude-haiku-4-5.input-tokens-per-minute=40000" })
class SpringAiChatTests {

	private static final String MODEL = "claude-haiku-4-5";

	@RegisterExtension
	static SimulatedProviderExtension anthropic = SimulatedProviderExtension.anthropic()
		.model(MODEL, SimulatedLimits.of(50, 50_000, 10_000))
		.build();

	@DynamicPropertySource
	static void anthropicBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.anthropic.base-url", anthropic::baseUrl);
	}

	@Autowired
	private RecordingLimiterListener listener;

	@Autowired
	private LlmRateLimiter limiter;

	@Autowired
	private SpringAiChatService chatService;

	@Autowired
	private ChatClient.Builder chatClientBuilder;

	@BeforeEach
	void clearListener() {
		this.listener.clear();
	}

	@Test
	void annotatedPromptMethodReservesTheRequestedMaxTokensAndSettlesWithTheResponseUsage() {
		ChatResponse response = this.chatService.chat(prompt(200));

		Usage usage = response.getMetadata().getUsage();
		LlmUsage settled = LlmUsage.of(usage.getPromptTokens(), usage.getCompletionTokens());
		assertThat(settled.outputTokens()).isPositive();
		assertThat(this.listener.reservedOutputTokens()).containsExactly(200L);
		assertThat(this.listener.settledUsage()).containsExactly(settled);
		assertThat(anthropic.statistics(MODEL).admitted()).isOne();
	}

	@Test
	void rateLimitMetadataReachesTheLimiter() {
		this.chatService.chat(prompt(100));

		assertThat(this.listener.observed()).isNotEmpty();
		assertThat(this.limiter.headroom(MODEL).orElseThrow().meters())
			.hasEntrySatisfying(Meter.INPUT_TOKENS_PER_MINUTE, (meter) -> {
				assertThat(meter.limit()).isEqualTo(50000);
				assertThat(meter.source()).isEqualTo(LimitSource.HEADERS);
			});
	}

	@Test
	void chatClientFromTheAutoConfiguredBuilderIsRateLimitedByTheAdvisor() {
		String answer = this.chatClientBuilder.build().prompt().user("Say hello").call().content();

		assertThat(answer).isNotEmpty();
		assertThat(this.listener.reservedOutputTokens()).containsExactly(1024L);
		assertThat(this.listener.settledUsage()).hasSize(1);
		assertThat(anthropic.statistics(MODEL).admitted()).isOne();
	}

	private static Prompt prompt(int maxTokens) {
		return new Prompt("Say hello in a few words",
				AnthropicChatOptions.builder().model(MODEL).maxTokens(maxTokens).build());
	}

	/**
	 * A service as a Spring AI user writes it: the annotation needs no attributes, the
	 * limiter reads the model and max tokens from the {@code Prompt} and the usage from the
	 * {@code ChatResponse}.
	 */
	static class SpringAiChatService {

		private final ChatModel chatModel;

		SpringAiChatService(ChatModel chatModel) {
			this.chatModel = chatModel;
		}

		@LlmRateLimited
		public ChatResponse chat(Prompt prompt) {
			return this.chatModel.call(prompt);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SpringAiConfiguration {

		@Bean
		SpringAiChatService springAiChatService(ChatModel chatModel) {
			return new SpringAiChatService(chatModel);
		}

		@Bean
		RecordingLimiterListener recordingLimiterListener() {
			return new RecordingLimiterListener();
		}

	}

}
