package dev.llmratelimit.actuate.internal;

import java.util.Map;
import java.util.function.Consumer;

import dev.llmratelimit.autoconfigure.LlmLimitsEndpointAutoConfiguration;
import dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Actuator's web endpoint discovery sees {@link LlmLimitsEndpoint} with its web
 * extension: both paths, and 404 for an unknown model.
 */
class LlmLimitsWebEndpointDiscoveryTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				LlmRateLimitAutoConfiguration.class, LlmLimitsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=llmlimits",
				"llm.ratelimit.models.gpt-4o.requests-per-minute=60");

	@Test
	void endpointServesAllModelsAndOneModel() {
		withEndpoint((endpoint) -> assertThat(endpoint.getOperations())
			.extracting((operation) -> operation.getRequestPredicate().getPath())
			.containsExactlyInAnyOrder("llmlimits", "llmlimits/{model}"));
	}

	@Test
	void unknownModelIsNotFound() {
		withEndpoint((endpoint) -> {
			Object response = selectorOperation(endpoint).invoke(arguments(Map.of("model", "no-such-model")));
			assertThat(response).isInstanceOfSatisfying(WebEndpointResponse.class,
					(webResponse) -> assertThat(webResponse.getStatus()).isEqualTo(404));
		});
	}

	@Test
	void knownModelIsFound() {
		withEndpoint((endpoint) -> {
			Object response = selectorOperation(endpoint).invoke(arguments(Map.of("model", "gpt-4o")));
			assertThat(response).isInstanceOfSatisfying(WebEndpointResponse.class,
					(webResponse) -> assertThat(webResponse.getStatus()).isEqualTo(200));
		});
	}

	private void withEndpoint(Consumer<ExposableWebEndpoint> test) {
		this.contextRunner.run((context) -> {
			ExposableWebEndpoint endpoint = context.getBean(WebEndpointsSupplier.class)
				.getEndpoints()
				.stream()
				.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("llmlimits")))
				.findFirst()
				.orElseThrow();
			test.accept(endpoint);
		});
	}

	private static WebOperation selectorOperation(ExposableWebEndpoint endpoint) {
		return endpoint.getOperations()
			.stream()
			.filter((operation) -> operation.getRequestPredicate().getPath().endsWith("{model}"))
			.findFirst()
			.orElseThrow();
	}

	private static InvocationContext arguments(Map<String, Object> arguments) {
		return new InvocationContext(SecurityContext.NONE, arguments);
	}

}
