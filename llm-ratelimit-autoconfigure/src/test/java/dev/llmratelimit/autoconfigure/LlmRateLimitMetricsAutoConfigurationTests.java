package dev.llmratelimit.autoconfigure;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.actuate.metrics.internal.LlmRateLimitMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRateLimitMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitMetricsAutoConfiguration.class))
		.withUserConfiguration(TestLimiterConfiguration.class);

	@Test
	void metricsAreRecordedWhenARegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			context.getBean(LlmRateLimiter.class).reserve(TestLimiterConfiguration.MODEL, 10, 10, Duration.ZERO);

			assertThat(context.getBean(MeterRegistry.class)
				.get("llm.ratelimit.calls")
				.tags("model", TestLimiterConfiguration.MODEL, "outcome", "admitted")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void gaugesOfConfiguredModelsAreRegisteredAtStartup() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.get("llm.ratelimit.limit")
				.tags("model", TestLimiterConfiguration.MODEL, "meter", "output-tokens-per-minute")
				.gauge()
				.value()).isEqualTo(8_000));
	}

	@Test
	void metricsGoToTheRegistryOfSpringBootsMetricsAutoConfiguration() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				context.getBean(LlmRateLimiter.class).reserve(TestLimiterConfiguration.MODEL, 10, 10, Duration.ZERO);

				assertThat(context.getBean(MeterRegistry.class)
					.get("llm.ratelimit.in-flight")
					.tag("model", TestLimiterConfiguration.MODEL)
					.gauge()
					.value()).isEqualTo(1);
			});
	}

	@Test
	void noMetricsWithoutARegistry() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmRateLimitMetrics.class));
	}

	@Test
	void noMetricsWithoutMicrometerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmRateLimitMetrics.class));
	}

	@Test
	void noMetricsWhenTheStarterIsDisabled() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitMetrics.class));
	}

	@Test
	void userMetricsBeanIsKept() {
		LlmRateLimitMetrics own = new LlmRateLimitMetrics(new SimpleMeterRegistry(), () -> null);
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(LlmRateLimitMetrics.class, () -> own)
			.run((context) -> assertThat(context).getBean(LlmRateLimitMetrics.class).isSameAs(own));
	}

}
