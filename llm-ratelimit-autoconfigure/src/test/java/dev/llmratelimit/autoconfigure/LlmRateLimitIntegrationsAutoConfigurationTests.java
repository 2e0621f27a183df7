package dev.llmratelimit.autoconfigure;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.http.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.http.AnthropicSdkFailureResponses;
import dev.llmratelimit.http.OpenAiSdkFailureResponses;
import dev.llmratelimit.usage.AnthropicSdkRequestInspector;
import dev.llmratelimit.usage.AnthropicSdkUsageExtractor;
import dev.llmratelimit.usage.JtokkitTokenEstimator;
import dev.llmratelimit.usage.LangChain4jRequestInspector;
import dev.llmratelimit.usage.LangChain4jUsageExtractor;
import dev.llmratelimit.usage.LlmRequestInfo;
import dev.llmratelimit.usage.LlmUsageExtractor;
import dev.llmratelimit.usage.OpenAiSdkRequestInspector;
import dev.llmratelimit.usage.OpenAiSdkUsageExtractor;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspectors;
import dev.llmratelimit.usage.SpringAiRequestInspector;
import dev.llmratelimit.usage.SpringAiUsageExtractor;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.UsageExtractors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which integrations are registered, depending on the classpath.
 */
class LlmRateLimitIntegrationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitIntegrationsAutoConfiguration.class));

	@Test
	void everyIntegrationIsRegisteredWhenItsLibraryIsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RequestInspectors.class)
			.hasSingleBean(UsageExtractors.class)
			.hasSingleBean(LlmUsageExtractor.class)
			.hasSingleBean(SpringAiRequestInspector.class)
			.hasSingleBean(SpringAiUsageExtractor.class)
			.hasSingleBean(AnthropicSdkRequestInspector.class)
			.hasSingleBean(AnthropicSdkUsageExtractor.class)
			.hasSingleBean(AnthropicSdkFailureResponses.class)
			.hasSingleBean(AnthropicClientObservingPostProcessor.class)
			.hasSingleBean(OpenAiSdkRequestInspector.class)
			.hasSingleBean(OpenAiSdkUsageExtractor.class)
			.hasSingleBean(OpenAiSdkFailureResponses.class)
			.hasSingleBean(LangChain4jRequestInspector.class)
			.hasSingleBean(LangChain4jUsageExtractor.class)
			.hasSingleBean(JtokkitTokenEstimator.class));
	}

	@Test
	void springAiIntegrationBacksOffWithoutSpringAi() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringAiRequestInspector.class)
				.doesNotHaveBean(SpringAiUsageExtractor.class)
				.hasSingleBean(UsageExtractors.class));
	}

	@Test
	void anthropicSdkIntegrationBacksOffWithoutTheSdk() {
		this.runner.withClassLoader(new FilteredClassLoader("com.anthropic"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AnthropicSdkRequestInspector.class)
				.doesNotHaveBean(AnthropicSdkUsageExtractor.class)
				.doesNotHaveBean(AnthropicSdkFailureResponses.class)
				.doesNotHaveBean(AnthropicClientObservingPostProcessor.class)
				.hasSingleBean(SpringAiUsageExtractor.class));
	}

	@Test
	void openAiSdkIntegrationBacksOffWithoutTheSdk() {
		this.runner.withClassLoader(new FilteredClassLoader("com.openai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OpenAiSdkRequestInspector.class)
				.doesNotHaveBean(OpenAiSdkUsageExtractor.class)
				.doesNotHaveBean(OpenAiSdkFailureResponses.class)
				.hasSingleBean(SpringAiUsageExtractor.class));
	}

	@Test
	void langChain4jIntegrationBacksOffWithoutLangChain4j() {
		this.runner.withClassLoader(new FilteredClassLoader("dev.langchain4j"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangChain4jRequestInspector.class)
				.doesNotHaveBean(LangChain4jUsageExtractor.class));
	}

	@Test
	void jtokkitEstimatorBacksOffWithoutJtokkit() {
		this.runner.withClassLoader(new FilteredClassLoader("com.knuddels.jtokkit"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenEstimator.class));
	}

	@Test
	void startsWithNoIntegrationLibraryAtAll() {
		this.runner
			.withClassLoader(new FilteredClassLoader("org.springframework.ai", "com.anthropic", "com.openai",
					"dev.langchain4j", "com.knuddels.jtokkit", "com.fasterxml.jackson"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UsageExtractors.class).usageOf(LlmUsage.of(1, 2)))
					.contains(LlmUsage.of(1, 2));
			});
	}

	@Test
	void jtokkitEstimatorBacksOffForAUserEstimator() {
		this.runner.withBean(TokenEstimator.class, () -> (model, text) -> 1)
			.run((context) -> assertThat(context).doesNotHaveBean(JtokkitTokenEstimator.class));
	}

	@Test
	void userExtractorsAndInspectorsTakePart() {
		this.runner.withUserConfiguration(UserIntegrations.class).run((context) -> {
			assertThat(context.getBean(UsageExtractors.class).usageOf(new StringBuilder("x")))
				.contains(LlmUsage.of(7, 8));
			assertThat(context.getBean(RequestInspectors.class).inspect(new StringBuilder("x")).model())
				.isEqualTo("custom-model");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIntegrations {

		@Bean
		UsageExtractor customExtractor() {
			return (result) -> (result instanceof StringBuilder) ? Optional.of(LlmUsage.of(7, 8)) : Optional.empty();
		}

		@Bean
		RequestInspector customInspector() {
			return (argument) -> (argument instanceof StringBuilder)
					? Optional.of(new LlmRequestInfo("custom-model", null, null, null)) : Optional.empty();
		}

	}

}
