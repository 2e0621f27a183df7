package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.core.FailureResponses;
import dev.llmratelimit.core.ProviderDialect;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.http.internal.RestClientFailureResponses;
import dev.llmratelimit.http.internal.WebClientFailureResponses;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.provider.internal.OpenAiDialect;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRateLimitProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class));

	@Test
	void registersADialectBeanPerProvider() {
		this.runner.run((context) -> assertThat(
				new DialectRegistry(context.getBeansOfType(ProviderDialect.class).values()).ids())
			.containsExactlyInAnyOrder("anthropic", "openai", "azure-openai", "groq", "gemini", "generic"));
	}

	@Test
	void backsOffForAUserDialectOfTheSameClass() {
		this.runner.withUserConfiguration(UserDialectConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AnthropicDialect.class);
			assertThat(context.getBean(AnthropicDialect.class)).isSameAs(context.getBean("myAnthropicDialect"));
			assertThat(context).hasSingleBean(OpenAiDialect.class);
		});
	}

	@Test
	void registersFailureExtractorsForRestClientAndWebClient() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RestClientFailureResponses.class);
			assertThat(context).hasSingleBean(WebClientFailureResponses.class);
			assertThat(context.getBeansOfType(FailureResponses.class)).hasSize(2);
		});
	}

	@Test
	void leavesTheWebClientExtractorOutWithoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClientResponseException.class)).run((context) -> {
			assertThat(context).hasSingleBean(RestClientFailureResponses.class);
			assertThat(context).doesNotHaveBean(WebClientFailureResponses.class);
		});
	}

	@Test
	void worksWithoutSpringWeb() {
		this.runner
			.withClassLoader(new FilteredClassLoader(RestClientResponseException.class, WebClientResponseException.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(FailureResponses.class);
				assertThat(context.getBeansOfType(ProviderDialect.class)).hasSize(6);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDialectConfiguration {

		@Bean
		AnthropicDialect myAnthropicDialect() {
			return new AnthropicDialect();
		}

	}

}
