package dev.llmratelimit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.actuate.event.LlmCallThrottledEvent;
import dev.llmratelimit.actuate.event.internal.LlmRateLimitEventPublisher;
import dev.llmratelimit.actuate.health.internal.LlmRateLimitHealthIndicator;
import dev.llmratelimit.actuate.internal.LlmRateLimitAdvisor;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.HeaderLimitsDialect;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.store.StoreHealth;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRateLimitObservabilityAutoConfigurationTests {

	private static final String MODEL = TestLimiterConfiguration.MODEL;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitObservabilityAutoConfiguration.class))
		.withUserConfiguration(TestLimiterConfiguration.class);

	@Test
	void eventsStatisticsAdviceAndHealthAreConfiguredByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LlmRateLimitEventPublisher.class)
			.hasSingleBean(CallStatistics.class)
			.hasSingleBean(LlmRateLimitAdvisor.class)
			.hasBean("llmRateLimitHealthIndicator"));
	}

	@Test
	void applicationListenersReceiveThrottledEvents() {
		this.runner.withBean(ThrottledEvents.class).run((context) -> {
			context.getBean(LlmRateLimiter.class).observe(MODEL, HeaderLimitsDialect.tooManyRequests(3));

			assertThat(context.getBean(ThrottledEvents.class).received).singleElement()
				.satisfies((event) -> assertThat(event.getRetryAfter()).isEqualTo(Duration.ofSeconds(3)));
		});
	}

	@Test
	void failingApplicationListenerNeverBreaksTheCall() {
		this.runner.withBean(FailingListener.class).run((context) -> {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			var reservation = limiter.reserve(MODEL, 100, 100, Duration.ZERO);

			reservation.observe(HeaderLimitsDialect.tooManyRequests(1));
			reservation.complete(LlmUsage.of(100, 10));

			assertThat(reservation.isSettled()).isTrue();
		});
	}

	@Test
	void advisorSeesTheCallsOfTheLimiter() {
		this.runner.run((context) -> {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			limiter.reserve(MODEL, 100, 1000, Duration.ZERO).complete(LlmUsage.of(100, 200));

			assertThat(context.getBean(LlmRateLimitAdvisor.class).advice(MODEL)).hasValueSatisfying((advice) -> {
				assertThat(advice.observedCalls()).isEqualTo(1);
				assertThat(advice.bindingMeter()).isEqualTo("output-tokens-per-minute");
				assertThat(advice.sustainableRequestsPerMinute()).isEqualTo(40);
			});
		});
	}

	@Test
	void callLatencyIsMeasuredOnTheTimeSourceBean() {
		this.runner.run((context) -> {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			var reservation = limiter.reserve(MODEL, 100, 1000, Duration.ZERO);
			context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(2));
			reservation.complete(LlmUsage.of(100, 200));

			assertThat(context.getBean(LlmRateLimitAdvisor.class).advice(MODEL).orElseThrow().meanLatencyMillis())
				.isEqualTo(2000);
		});
	}

	@Test
	void cooldownMakesHealthDownWhenThePropertySaysSo() {
		this.runner.withPropertyValues("llm.ratelimit.health.cooldown-is-down=true").run((context) -> {
			context.getBean(LlmRateLimiter.class).observe(MODEL, HeaderLimitsDialect.tooManyRequests(30));

			assertThat(context.getBean("llmRateLimitHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN);
		});
	}

	@Test
	void cooldownKeepsHealthUpByDefault() {
		this.runner.run((context) -> {
			context.getBean(LlmRateLimiter.class).observe(MODEL, HeaderLimitsDialect.tooManyRequests(30));

			assertThat(context.getBean("llmRateLimitHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void unavailableStoreBeanMakesHealthDown() {
		this.runner.withBean(StoreHealth.class, () -> new StoreHealth() {

			@Override
			public String name() {
				return "redis";
			}

			@Override
			public boolean isAvailable() {
				return false;
			}

		}).run((context) -> assertThat(context.getBean(LlmRateLimitHealthIndicator.class).health().getStatus())
			.isEqualTo(Status.DOWN));
	}

	@Test
	void noHealthIndicatorWithoutSpringBootHealthOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("llmRateLimitHealthIndicator")
				.hasSingleBean(LlmRateLimitAdvisor.class));
	}

	@Test
	void eventsAndAdviceWorkWithNeitherActuatorNorMicrometerOnTheClasspath() {
		this.runner
			.withConfiguration(AutoConfigurations.of(LlmRateLimitMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
					"org.springframework.boot.actuate", "io.micrometer"))
			.run((context) -> {
				LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
				limiter.reserve(MODEL, 100, 100, Duration.ZERO).complete(LlmUsage.of(100, 10));

				assertThat(context).hasSingleBean(LlmRateLimitEventPublisher.class)
					.doesNotHaveBean("llmRateLimitHealthIndicator")
					.doesNotHaveBean("llmRateLimitMetrics");
				assertThat(context.getBean(LlmRateLimitAdvisor.class).advice(MODEL).orElseThrow().observedCalls())
					.isEqualTo(1);
			});
	}

	@Test
	void noHealthIndicatorWhenItIsDisabled() {
		this.runner.withPropertyValues("management.health.llmratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("llmRateLimitHealthIndicator"));
	}

	@Test
	void noAdviceNorHealthWithoutALimiter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRateLimitObservabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LlmRateLimitAdvisor.class)
				.doesNotHaveBean("llmRateLimitHealthIndicator"));
	}

	@Test
	void nothingIsConfiguredWhenTheStarterIsDisabled() {
		this.runner.withPropertyValues("llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitEventPublisher.class)
				.doesNotHaveBean(CallStatistics.class)
				.doesNotHaveBean(LlmRateLimitAdvisor.class));
	}

	@Test
	void userCallStatisticsAreKept() {
		CallStatistics own = new CallStatistics(new ManualTimeSource(), 10);
		this.runner.withBean(CallStatistics.class, () -> own)
			.run((context) -> assertThat(context).getBean(CallStatistics.class).isSameAs(own));
	}

	static class FailingListener {

		@EventListener
		void onThrottled(LlmCallThrottledEvent event) {
			throw new IllegalStateException("listener bug");
		}

	}

	static class ThrottledEvents {

		private final List<LlmCallThrottledEvent> received = new ArrayList<>();

		@EventListener
		void onThrottled(LlmCallThrottledEvent event) {
			this.received.add(event);
		}

	}

}
