package dev.llmratelimit.springai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.Usage;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.anthropic.internal.AnthropicSdkUsageExtractor;
import dev.llmratelimit.springai.internal.SpringAiRequestInspector;
import dev.llmratelimit.springai.internal.SpringAiUsageExtractor;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.RateLimit;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's prompt and chat response, as the limiter reads them.
 */
class SpringAiUsageTests {

	private static final Instant NOW = Instant.parse("2026-02-25T20:02:00Z");

	private final SpringAiUsageExtractor extractor = new SpringAiUsageExtractor(
			List.of(new AnthropicSdkUsageExtractor()), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void inspectorReadsModelAndMaxTokensFromOptionsAndTextFromMessages() {
		Prompt prompt = new Prompt(List.of(new SystemMessage("Be brief."), new UserMessage("Say hello")),
				ChatOptions.builder().model("claude-sonnet-4-5").maxTokens(300).build());

		LlmRequestInfo info = new SpringAiRequestInspector().inspect(prompt).orElseThrow();

		assertThat(info.model()).isEqualTo("claude-sonnet-4-5");
		assertThat(info.maxTokens()).isEqualTo(300);
		assertThat(info.inputText().toString()).isEqualTo("Be brief.\nSay hello\n");
	}

	@Test
	void inspectorLeavesModelAndMaxTokensUnknownWithoutOptions() {
		LlmRequestInfo info = new SpringAiRequestInspector().inspect(new Prompt("Hi")).orElseThrow();

		assertThat(info.model()).isNull();
		assertThat(info.maxTokens()).isNull();
	}

	@Test
	void usageCountsCacheTokensAsPartOfPromptTokens() {
		ChatResponse response = response(new DefaultUsage(150, 20, 170, null, 100L, 30L), null);

		assertThat(this.extractor.usageOf(response)).contains(new LlmUsage(20, 20, 100, 30));
	}

	@Test
	void usagePrefersTheNativeSdkUsage() throws Exception {
		Usage sdkUsage = ObjectMappers.jsonMapper()
			.readValue("{\"input_tokens\":12,\"output_tokens\":7,\"cache_read_input_tokens\":100,"
					+ "\"cache_creation_input_tokens\":30}", Usage.class);
		ChatResponse response = response(new DefaultUsage(12, 7, 19, sdkUsage, 100L, 30L), null);

		assertThat(this.extractor.usageOf(response)).contains(new LlmUsage(12, 7, 100, 30));
	}

	@Test
	void responseWithoutUsageHasNone() {
		ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("Hi"))));

		assertThat(this.extractor.usageOf(response)).isEmpty();
	}

	@Test
	void anthropicRateLimitBecomesAnthropicHeadersWithInputAndOutputMeters() {
		ChatResponse response = response(new DefaultUsage(1, 1), new AnthropicRateLimit());

		ProviderResponse headers = this.extractor.rateLimitsOf(response).orElseThrow();

		assertThat(headers.header("anthropic-ratelimit-requests-limit")).isEqualTo("50");
		assertThat(headers.header("anthropic-ratelimit-requests-remaining")).isEqualTo("49");
		assertThat(headers.header("anthropic-ratelimit-requests-reset")).isEqualTo("2026-02-25T20:02:01Z");
		assertThat(headers.header("anthropic-ratelimit-input-tokens-remaining")).isEqualTo("28000");
		assertThat(headers.header("anthropic-ratelimit-output-tokens-limit")).isEqualTo("8000");
		assertThat(headers.header("anthropic-ratelimit-output-tokens-reset")).isEqualTo("2026-02-25T20:02:36Z");
	}

	@Test
	void otherRateLimitBecomesOpenAiHeaders() {
		ChatResponse response = response(new DefaultUsage(1, 1), new OpenAiStyleRateLimit());

		ProviderResponse headers = this.extractor.rateLimitsOf(response).orElseThrow();

		assertThat(headers.header("x-ratelimit-limit-requests")).isEqualTo("60");
		assertThat(headers.header("x-ratelimit-remaining-tokens")).isEqualTo("149984");
		assertThat(headers.header("x-ratelimit-reset-tokens")).isEqualTo("360000ms");
	}

	@Test
	void responseWithoutRateLimitHasNoHeaders() {
		assertThat(this.extractor.rateLimitsOf(response(new DefaultUsage(1, 1), null))).isEmpty();
	}

	private static ChatResponse response(DefaultUsage usage, RateLimit rateLimit) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().usage(usage);
		if (rateLimit != null) {
			metadata.rateLimit(rateLimit);
		}
		return new ChatResponse(List.of(new Generation(new AssistantMessage("Hi"))), metadata.build());
	}

	/**
	 * Same shape as Spring AI's {@code AnthropicRateLimit} (spring-ai-anthropic is not on
	 * this module's classpath): the RateLimit getters plus input and output token meters.
	 */
	public static final class AnthropicRateLimit implements RateLimit {

		@Override
		public Long getRequestsLimit() {
			return 50L;
		}

		@Override
		public Long getRequestsRemaining() {
			return 49L;
		}

		@Override
		public Duration getRequestsReset() {
			return Duration.ofSeconds(1);
		}

		@Override
		public Long getTokensLimit() {
			return null;
		}

		@Override
		public Long getTokensRemaining() {
			return null;
		}

		@Override
		public Duration getTokensReset() {
			return null;
		}

		public Long getInputTokensLimit() {
			return 30000L;
		}

		public Long getInputTokensRemaining() {
			return 28000L;
		}

		public Duration getInputTokensReset() {
			return Duration.ofSeconds(37);
		}

		public Long getOutputTokensLimit() {
			return 8000L;
		}

		public Long getOutputTokensRemaining() {
			return 8000L;
		}

		public Duration getOutputTokensReset() {
			return Duration.ofSeconds(36);
		}

	}

	static final class OpenAiStyleRateLimit implements RateLimit {

		@Override
		public Long getRequestsLimit() {
			return 60L;
		}

		@Override
		public Long getRequestsRemaining() {
			return 59L;
		}

		@Override
		public Duration getRequestsReset() {
			return Duration.ofSeconds(1);
		}

		@Override
		public Long getTokensLimit() {
			return 150000L;
		}

		@Override
		public Long getTokensRemaining() {
			return 149984L;
		}

		@Override
		public Duration getTokensReset() {
			return Duration.ofMinutes(6);
		}

	}

}
