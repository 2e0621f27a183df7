package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.openai.internal.OpenAiSdkFailureResponses;
import dev.llmratelimit.openai.internal.OpenAiSdkRequestInspector;
import dev.llmratelimit.openai.internal.OpenAiSdkUsageExtractor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitOpenAiAutoConfiguration}.
 */
class LlmRateLimitOpenAiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitOpenAiAutoConfiguration.class));

	@Test
	void requestsResponsesAndErrorsOfTheSdkAreUnderstood() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(OpenAiSdkRequestInspector.class)
			.hasSingleBean(OpenAiSdkUsageExtractor.class)
			.hasSingleBean(OpenAiSdkFailureResponses.class));
	}

	@Test
	void integrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.openai.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAiSdkRequestInspector.class)
				.doesNotHaveBean(OpenAiSdkUsageExtractor.class)
				.doesNotHaveBean(OpenAiSdkFailureResponses.class));
	}

	@Test
	void integrationBacksOffWithoutTheSdk() {
		this.runner.withClassLoader(new FilteredClassLoader("com.openai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OpenAiSdkRequestInspector.class)
				.doesNotHaveBean(OpenAiSdkUsageExtractor.class)
				.doesNotHaveBean(OpenAiSdkFailureResponses.class));
	}

}
