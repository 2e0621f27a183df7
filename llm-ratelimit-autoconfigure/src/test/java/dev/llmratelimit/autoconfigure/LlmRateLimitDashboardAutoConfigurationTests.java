package dev.llmratelimit.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitDashboardAutoConfiguration}.
 */
class LlmRateLimitDashboardAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				LlmRateLimitAutoConfiguration.class, LlmLimitsEndpointAutoConfiguration.class,
				LlmRateLimitDashboardAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmlimits");

	@Test
	void dashboardIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void enabledDashboardRegistersItsRoutes() {
		this.contextRunner.withPropertyValues("llm.ratelimit.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(RouterFunction.class)
				.hasBean("llmRateLimitDashboardRoutes"));
	}

	@Test
	void enabledDashboardNeedsTheEndpointExposed() {
		this.contextRunner
			.withPropertyValues("llm.ratelimit.dashboard.enabled=true", "management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void enabledDashboardBacksOffWithoutSpringMvc() {
		this.contextRunner.withPropertyValues("llm.ratelimit.dashboard.enabled=true")
			.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("llmRateLimitDashboardRoutes"));
	}

	@Test
	void enabledDashboardRegistersReactiveRoutesInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
					LlmRateLimitAutoConfiguration.class, LlmLimitsEndpointAutoConfiguration.class,
					LlmRateLimitDashboardAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=llmlimits",
					"llm.ratelimit.dashboard.enabled=true")
			.run((context) -> assertThat(context)
				.hasSingleBean(org.springframework.web.reactive.function.server.RouterFunction.class)
				.doesNotHaveBean(RouterFunction.class)
				.hasBean("llmRateLimitDashboardRoutes"));
	}

	@Test
	void enabledDashboardIsNotServedOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class,
					LlmLimitsEndpointAutoConfiguration.class, LlmRateLimitDashboardAutoConfiguration.class))
			.withPropertyValues("llm.ratelimit.dashboard.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean("llmRateLimitDashboardRoutes"));
	}

	@Test
	void dashboardPathWithoutLeadingSlashFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.ratelimit.dashboard.enabled=true", "llm.ratelimit.dashboard.path=limits")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmRateLimitPropertyException.class)
				.hasMessage("llm.ratelimit.dashboard.path must be a plain path starting with '/', was limits"));
	}

}
