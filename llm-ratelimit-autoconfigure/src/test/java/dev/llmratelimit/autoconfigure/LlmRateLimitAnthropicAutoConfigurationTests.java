package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.anthropic.internal.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.anthropic.internal.AnthropicSdkFailureResponses;
import dev.llmratelimit.anthropic.internal.AnthropicSdkRequestInspector;
import dev.llmratelimit.anthropic.internal.AnthropicSdkUsageExtractor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitAnthropicAutoConfiguration}.
 */
class LlmRateLimitAnthropicAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitAnthropicAutoConfiguration.class));

	@Test
	void requestsResponsesErrorsAndClientsOfTheSdkAreUnderstood() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AnthropicSdkRequestInspector.class)
			.hasSingleBean(AnthropicSdkUsageExtractor.class)
			.hasSingleBean(AnthropicSdkFailureResponses.class)
			.hasSingleBean(AnthropicClientObservingPostProcessor.class));
	}

	@Test
	void clientsAreLeftAloneWhenObservingThemIsSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.anthropic.observe-clients=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AnthropicClientObservingPostProcessor.class)
				.hasSingleBean(AnthropicSdkUsageExtractor.class));
	}

	@Test
	void clientsAreLeftAloneWhenTheFormerPropertySwitchesObservingOff() {
		this.runner.withPropertyValues("llm.ratelimit.sdk.observe-clients=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AnthropicClientObservingPostProcessor.class));
	}

	@Test
	void integrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.anthropic.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AnthropicSdkRequestInspector.class)
				.doesNotHaveBean(AnthropicSdkUsageExtractor.class)
				.doesNotHaveBean(AnthropicSdkFailureResponses.class)
				.doesNotHaveBean(AnthropicClientObservingPostProcessor.class));
	}

	@Test
	void integrationBacksOffWithoutTheSdk() {
		this.runner.withClassLoader(new FilteredClassLoader("com.anthropic"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AnthropicSdkRequestInspector.class)
				.doesNotHaveBean(AnthropicSdkUsageExtractor.class)
				.doesNotHaveBean(AnthropicSdkFailureResponses.class)
				.doesNotHaveBean(AnthropicClientObservingPostProcessor.class));
	}

}
