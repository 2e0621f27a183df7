package dev.llmratelimit.autoconfigure;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.core.ManualTimeSource;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.http.AnthropicClientObservingPostProcessor;
import dev.llmratelimit.http.AnthropicSdkFailureResponses;
import dev.llmratelimit.http.OpenAiSdkFailureResponses;
import dev.llmratelimit.langchain4j.RateLimitedChatModelPostProcessor;
import dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor;
import dev.llmratelimit.springai.LlmRateLimitChatClientCustomizer;
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
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitChatClientAdvisor.class)
				.doesNotHaveBean(RateLimitedChatModelPostProcessor.class));
	}

	@Test
	void langChain4jChatModelsAreDecorated() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RateLimitedChatModelPostProcessor.class));
	}

	@Test
	void langChain4jChatModelDecorationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.langchain4j.chat-model.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedChatModelPostProcessor.class)
				.hasSingleBean(LangChain4jUsageExtractor.class));
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
	void wholeStarterStartsAndLimitsAnnotatedMethodsWithNoIntegrationLibraryAtAll() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitIntegrationsAutoConfiguration.class,
					LlmRateLimitAutoConfiguration.class, AopAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.ai", "com.anthropic", "com.openai",
					"dev.langchain4j", "com.knuddels.jtokkit", "reactor.core"))
			.withPropertyValues("llm.ratelimit.models.claude.tokens-per-minute=10000",
					"spring.aop.proxy-target-class=false")
			.withBean(TimeSource.class, ManualTimeSource::new)
			.withBean(ChatService.class, PlainChatService::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(ChatService.class).ask("Say hello");
				assertThat(context.getBean(LlmRateLimiter.class).headroom("claude").orElseThrow().meters())
					.hasEntrySatisfying(Meter.TOKENS_PER_MINUTE,
							(meter) -> assertThat(meter.available()).isEqualTo(10000 - 3 - 4));
			});
	}

	@Test
	void springAiIntegrationBacksOffWithoutSpringAi() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringAiRequestInspector.class)
				.doesNotHaveBean(SpringAiUsageExtractor.class)
				.doesNotHaveBean(LlmRateLimitChatClientAdvisor.class)
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
				.doesNotHaveBean(LangChain4jUsageExtractor.class)
				.doesNotHaveBean(RateLimitedChatModelPostProcessor.class));
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

	/**
	 * Asks a model; an interface, so the filtered class loader needs no CGLIB proxy.
	 */
	public interface ChatService {

		LlmUsage ask(String prompt);

	}

	/**
	 * A service whose reply reports its usage.
	 */
	static class PlainChatService implements ChatService {

		@Override
		@LlmRateLimited(model = "claude")
		public LlmUsage ask(String prompt) {
			return LlmUsage.of(3, 4);
		}

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
