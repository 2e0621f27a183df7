package dev.llmratelimit.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.internal.LlmRateLimitRestClientCustomizer;
import dev.llmratelimit.http.internal.LlmRateLimitWebClientCustomizer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRateLimitHttpAutoConfiguration}.
 */
class LlmRateLimitHttpAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRateLimitProviderAutoConfiguration.class,
				LlmRateLimitAutoConfiguration.class, LlmRateLimitHttpAutoConfiguration.class));

	@Test
	void restClientAndWebClientCustomizersAreContributedByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ProviderResponseReporter.class)
			.hasSingleBean(LlmRateLimitRestClientCustomizer.class)
			.hasSingleBean(LlmRateLimitWebClientCustomizer.class));
	}

	@Test
	void restClientBuiltFromTheAutoConfiguredBuilderReportsResponsesOfAConfiguredModel() throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.start(InetAddress.getLoopbackAddress(), 0);
			server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
				.setHeader("x-ratelimit-limit-requests", "60")
				.setHeader("x-ratelimit-remaining-requests", "59")
				.setHeader("x-ratelimit-limit-tokens", "150000")
				.setHeader("x-ratelimit-remaining-tokens", "149984")
				.setBody("{}"));
			this.runner.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
				.withPropertyValues("llm.ratelimit.models.gpt-4o.default-max-tokens=1024")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.Builder.class)
						.baseUrl(server.url("/").toString())
						.build();
					client.post()
						.uri("/v1/chat/completions")
						.body("{\"model\":\"gpt-4o\"}")
						.retrieve()
						.toBodilessEntity();
					assertThat(context.getBean(LlmRateLimiter.class).limits("gpt-4o")).hasValueSatisfying(
							(limits) -> assertThat(limits.limit(Meter.TOKENS_PER_MINUTE)).hasValue(150_000));
				});
		}
	}

	@Test
	void hooksCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProviderResponseReporter.class)
				.doesNotHaveBean(LlmRateLimitRestClientCustomizer.class)
				.doesNotHaveBean(LlmRateLimitWebClientCustomizer.class));
	}

	@Test
	void restClientHookBacksOffWithoutSpringBootRestClient() {
		this.runner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitRestClientCustomizer.class)
				.hasSingleBean(LlmRateLimitWebClientCustomizer.class));
	}

	@Test
	void webClientHookBacksOffWithoutSpringBootWebClient() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClientCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRateLimitWebClientCustomizer.class)
				.hasSingleBean(LlmRateLimitRestClientCustomizer.class));
	}

	@Test
	void hooksBackOffWhenTheLimiterIsDisabled() {
		this.runner.withPropertyValues("llm.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProviderResponseReporter.class));
	}

	@Test
	void nonPositiveModelScanFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("llm.ratelimit.http.max-model-scan=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.ratelimit.http.max-model-scan"));
	}

	@Test
	void negativeObservationLagFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("llm.ratelimit.observation-lag=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.ratelimit.observation-lag"));
	}

	@Test
	void calibrationCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.ratelimit.calibration.enabled=false").run((context) -> {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			limiter.reserve("m", 1_000, 10).complete(LlmUsage.of(2_000, 10));
			assertThat(limiter.headroom("m").orElseThrow().inputEstimateRatio()).isEqualTo(1.0);
		});
	}

	@Test
	void calibrationIsOnByDefault() {
		this.runner.run((context) -> {
			LlmRateLimiter limiter = context.getBean(LlmRateLimiter.class);
			limiter.reserve("m", 1_000, 10).complete(LlmUsage.of(2_000, 10));
			assertThat(limiter.headroom("m").orElseThrow().inputEstimateRatio()).isEqualTo(2.0);
		});
	}

}
