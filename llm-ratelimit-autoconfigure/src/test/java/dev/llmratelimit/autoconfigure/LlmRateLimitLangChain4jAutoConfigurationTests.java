package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.langchain4j.internal.LangChain4jFailureResponses;
import dev.llmratelimit.langchain4j.internal.LangChain4jRequestInspector;
import dev.llmratelimit.langchain4j.internal.LangChain4jUsageExtractor;
import dev.llmratelimit.langchain4j.internal.RateLimitedChatModelPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitLangChain4jAutoConfiguration}.
 */
class LlmRateLimitLangChain4jAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitLangChain4jAutoConfiguration.class));

	@Test
	void requestsResponsesAndErrorsAreUnderstoodAndChatModelsDecorated() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LangChain4jRequestInspector.class)
			.hasSingleBean(LangChain4jUsageExtractor.class)
			.hasSingleBean(LangChain4jFailureResponses.class)
			.hasSingleBean(RateLimitedChatModelPostProcessor.class));
	}

	@Test
	void chatModelDecorationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.langchain4j.chat-model.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedChatModelPostProcessor.class)
				.hasSingleBean(LangChain4jUsageExtractor.class));
	}

	@Test
	void chatModelsAreNotDecoratedWhenTheLimiterIsDisabled() {
		this.runner.withPropertyValues("llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedChatModelPostProcessor.class));
	}

	@Test
	void integrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.langchain4j.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LangChain4jRequestInspector.class)
				.doesNotHaveBean(LangChain4jUsageExtractor.class)
				.doesNotHaveBean(LangChain4jFailureResponses.class)
				.doesNotHaveBean(RateLimitedChatModelPostProcessor.class));
	}

	@Test
	void integrationBacksOffWithoutLangChain4j() {
		this.runner.withClassLoader(new FilteredClassLoader("dev.langchain4j"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LangChain4jRequestInspector.class)
				.doesNotHaveBean(LangChain4jUsageExtractor.class)
				.doesNotHaveBean(RateLimitedChatModelPostProcessor.class));
	}

}
