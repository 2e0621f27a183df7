package dev.llmratelimit.sample.simulator.web;

import dev.llmratelimit.sample.simulator.SimulatedLimits;
import dev.llmratelimit.sample.simulator.SimulatedProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatorConfiguration}.
 */
class SimulatorConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SimulatorConfiguration.class);

	@Test
	void simulatorShouldBeEnabledByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SimulatedProvider.class));
	}

	@Test
	void simulatorShouldBeOffWhenDisabled() {
		this.runner.withPropertyValues("simulator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SimulatedProvider.class));
	}

	@Test
	void modelLimitsShouldBeBoundFromProperties() {
		this.runner
			.withPropertyValues("simulator.models.claude-sonnet-4-5.requests-per-minute=50",
					"simulator.models.claude-sonnet-4-5.input-tokens-per-minute=30000",
					"simulator.models.claude-sonnet-4-5.output-tokens-per-minute=8000")
			.run((context) -> assertThat(context.getBean(SimulatedProvider.class).limits("claude-sonnet-4-5"))
				.isEqualTo(SimulatedLimits.of(50, 30000, 8000)));
	}

	@Test
	void negativeLimitShouldFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("simulator.models.m.output-tokens-per-minute=-5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("simulator.models[m].output-tokens-per-minute must not be negative, was -5"));
	}

	@Test
	void nonPositiveTokenizerRatioShouldFailStartupNamingTheProperty() {
		this.runner.withPropertyValues("simulator.chars-per-token=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("simulator.chars-per-token must be positive"));
	}

}
