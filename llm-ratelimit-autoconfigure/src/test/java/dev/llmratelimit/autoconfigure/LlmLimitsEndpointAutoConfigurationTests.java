package dev.llmratelimit.autoconfigure;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.LlmLimitsEndpointWebExtension;
import dev.llmratelimit.core.BudgetLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmLimitsEndpointAutoConfiguration}.
 */
class LlmLimitsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LlmRateLimitAutoConfiguration.class, LlmLimitsEndpointAutoConfiguration.class));

	@Test
	void exposedEndpointIsRegistered() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmlimits")
			.run((context) -> assertThat(context).hasSingleBean(LlmLimitsEndpoint.class)
				.hasSingleBean(LlmLimitsEndpointWebExtension.class));
	}

	@Test
	void unexposedEndpointIsNotRegistered() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LlmLimitsEndpoint.class));
	}

	@Test
	void endpointBacksOffForAUserEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmlimits")
			.withBean("myEndpoint", LlmLimitsEndpoint.class,
					() -> new LlmLimitsEndpoint(BudgetLimiter.builder().build()))
			.run((context) -> assertThat(context).hasSingleBean(LlmLimitsEndpoint.class)
				.hasBean("myEndpoint"));
	}

	@Test
	void withoutActuatorOnTheClasspathTheLimiterWorksWithoutTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmlimits")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(LlmRateLimiter.class)
				.doesNotHaveBean(LlmLimitsEndpoint.class));
	}

	@Test
	void disabledRateLimitingRegistersNoEndpoint() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.enabled=false", "management.endpoints.web.exposure.include=llmlimits")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmLimitsEndpoint.class));
	}

}
