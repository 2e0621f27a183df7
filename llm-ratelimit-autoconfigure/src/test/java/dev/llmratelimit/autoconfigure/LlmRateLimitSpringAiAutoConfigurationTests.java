package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor;
import dev.llmratelimit.springai.internal.LlmRateLimitChatClientCustomizer;
import dev.llmratelimit.springai.internal.SpringAiRequestInspector;
import dev.llmratelimit.springai.internal.SpringAiUsageExtractor;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitSpringAiAutoConfiguration}.
 */
class LlmRateLimitSpringAiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitSpringAiAutoConfiguration.class));

	@Test
	void promptsAndChatResponsesAreUnderstood() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SpringAiRequestInspector.class)
			.hasSingleBean(SpringAiUsageExtractor.class));
	}

	@Test
	void chatClientAdvisorIsContributedToTheChatClientBuilder() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LlmRateLimitChatClientAdvisor.class)
				.hasSingleBean(LlmRateLimitChatClientCustomizer.class);
			assertThat(context.getBean(ChatClientBuilderCustomizer.class))
				.isInstanceOf(LlmRateLimitChatClientCustomizer.class);
		});
	}

	@Test
	void chatClientAdvisorCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.spring-ai.advisor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitChatClientAdvisor.class)
				.doesNotHaveBean(ChatClientBuilderCustomizer.class)
				.hasSingleBean(SpringAiUsageExtractor.class));
	}

	@Test
	void chatClientAdvisorIsNotContributedWhenTheLimiterIsDisabled() {
		this.runner.withPropertyValues("llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitChatClientAdvisor.class));
	}

	@Test
	void integrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.spring-ai.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpringAiRequestInspector.class)
				.doesNotHaveBean(SpringAiUsageExtractor.class)
				.doesNotHaveBean(LlmRateLimitChatClientAdvisor.class));
	}

	@Test
	void chatClientAdvisorBacksOffWithoutSpringAiChatClient() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai.chat.client"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LlmRateLimitChatClientAdvisor.class)
				.hasSingleBean(SpringAiRequestInspector.class)
				.hasSingleBean(SpringAiUsageExtractor.class));
	}

	@Test
	void integrationBacksOffWithoutSpringAi() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringAiRequestInspector.class)
				.doesNotHaveBean(SpringAiUsageExtractor.class)
				.doesNotHaveBean(LlmRateLimitChatClientAdvisor.class));
	}

	@Test
	void chatResponsesAreReadWithoutEitherProviderSdk() {
		this.runner.withClassLoader(new FilteredClassLoader("com.anthropic", "com.openai"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SpringAiUsageExtractor.class));
	}

}
