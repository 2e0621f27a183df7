package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.internal.LlmCallCounts;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.ModelDescriptor;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpointWebExtension;
import dev.llmratelimit.core.internal.BudgetLimiter;
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
	void endpointShowsTheAdviceOfTheAdvisor() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmRateLimitObservabilityAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=llmlimits",
					"llm.ratelimit.models.gpt-4o.requests-per-minute=60")
			.run((context) -> {
				context.getBean(LlmRateLimiter.class).reserve("gpt-4o", 10, 10, Duration.ZERO).completeAsReserved();
				ModelDescriptor model = context.getBean(LlmLimitsEndpoint.class).model("gpt-4o");
				assertThat(model.observedCalls()).isEqualTo(1);
				assertThat(model.sustainableRequestsPerMinute()).isEqualTo(60.0);
			});
	}

	@Test
	void endpointWithoutAnAdvisorShowsHeadroomAndCounts() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=llmlimits",
					"llm.ratelimit.models.gpt-4o.requests-per-minute=60")
			.run((context) -> {
				context.getBean(LlmRateLimiter.class).reserve("gpt-4o", 10, 10, Duration.ZERO).completeAsReserved();
				ModelDescriptor model = context.getBean(LlmLimitsEndpoint.class).model("gpt-4o");
				assertThat(model.meters()).containsOnlyKeys("requests-per-minute");
				assertThat(model.observedCalls()).isNull();
				assertThat(model.calls().admitted()).isEqualTo(1);
			});
	}

	@Test
	void unexposedEndpointRegistersNoCallCounts() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LlmCallCounts.class));
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
