package dev.llmratelimit.autoconfigure;

import java.io.IOException;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.http.RecordingDialect;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Anthropic SDK client bean reports its responses to the limiter bean without any
 * wiring by the user.
 */
class AnthropicClientObservingPostProcessorTests {

	private static final String MESSAGE = """
			{"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
			 "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":5,"output_tokens":2}}
			""";

	private final MockWebServer server = new MockWebServer();

	private final RecordingDialect dialect = new RecordingDialect("anthropic-ratelimit-requests-limit");

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitAnthropicAutoConfiguration.class))
			.withBean(LlmRateLimiter.class,
					() -> BudgetLimiter.builder()
						.dialects(new DialectRegistry(List.of(this.dialect)))
						.model(ModelLimits.unconfigured("claude-haiku-4-5"))
						.build())
			.withBean(AnthropicClient.class, () -> AnthropicOkHttpClient.builder()
				.baseUrl(this.server.url("/").toString())
				.apiKey("test-key")
				.maxRetries(0)
				.build());
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void clientBeanReportsRateLimitHeadersToTheLimiter() {
		this.server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("content-type", "application/json")
			.addHeader("anthropic-ratelimit-requests-limit", "50")
			.body(MESSAGE)
			.build());

		this.runner.run((context) -> {
			context.getBean(AnthropicClient.class).messages().create(params());

			assertThat(this.dialect.responses()).singleElement()
				.satisfies((response) -> assertThat(response.header("anthropic-ratelimit-requests-limit"))
					.isEqualTo("50"));
			assertThat(context.getBean(LlmRateLimiter.class).models()).containsExactly("claude-haiku-4-5");
		});
	}

	@Test
	void clientBeanIsLeftAloneWhenSwitchedOff() {
		this.server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("content-type", "application/json")
			.addHeader("anthropic-ratelimit-requests-limit", "50")
			.body(MESSAGE)
			.build());

		this.runner.withPropertyValues("llm.ratelimit.sdk.observe-clients=false").run((context) -> {
			context.getBean(AnthropicClient.class).messages().create(params());

			assertThat(this.dialect.responses()).isEmpty();
		});
	}

	private static MessageCreateParams params() {
		return MessageCreateParams.builder().model("claude-haiku-4-5").maxTokens(64).addUserMessage("Hi").build();
	}

}
