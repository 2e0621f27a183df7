package dev.llmratelimit.autoconfigure;

import java.util.Optional;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.internal.JtokkitTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitUsageAutoConfiguration}.
 */
class LlmRateLimitUsageAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitUsageAutoConfiguration.class));

	@Test
	void compositesAndTheJtokkitEstimatorAreRegistered() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RequestInspectors.class)
			.hasSingleBean(UsageExtractors.class)
			.hasSingleBean(LlmUsageExtractor.class)
			.hasSingleBean(JtokkitTokenEstimator.class));
	}

	@Test
	void wholeStarterStartsAndLimitsAnnotatedMethodsWithNoIntegrationLibraryAtAll() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitUsageAutoConfiguration.class,
					LlmRateLimitAnthropicAutoConfiguration.class, LlmRateLimitOpenAiAutoConfiguration.class,
					LlmRateLimitSpringAiAutoConfiguration.class, LlmRateLimitLangChain4jAutoConfiguration.class,
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
	void jtokkitEstimatorBacksOffWithoutJtokkit() {
		this.runner.withClassLoader(new FilteredClassLoader("com.knuddels.jtokkit"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenEstimator.class));
	}

	@Test
	void startsWithNoIntegrationLibraryAtAll() {
		this.runner
			.withConfiguration(AutoConfigurations.of(LlmRateLimitAnthropicAutoConfiguration.class,
					LlmRateLimitOpenAiAutoConfiguration.class, LlmRateLimitSpringAiAutoConfiguration.class,
					LlmRateLimitLangChain4jAutoConfiguration.class))
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
