package dev.llmratelimit.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.actuate.LlmLimitsEndpoint.ModelDescriptor;
import dev.llmratelimit.core.BudgetLimiter;
import dev.llmratelimit.core.ManualTimeSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmLimitsEndpoint} and {@link LlmLimitsEndpointWebExtension}.
 */
class LlmLimitsEndpointTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.model(ModelLimits.builder("claude-sonnet-4-5")
			.limit(Meter.REQUESTS_PER_MINUTE, 50)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
			.build())
		.model(ModelLimits.builder("gpt-4.1-mini").limit(Meter.TOKENS_PER_MINUTE, 200_000).build())
		.build();

	private final LlmLimitsEndpoint endpoint = new LlmLimitsEndpoint(this.limiter);

	@Test
	void modelsListsEveryModelInRegistrationOrder() {
		assertThat(this.endpoint.models().models()).containsOnlyKeys("claude-sonnet-4-5", "gpt-4.1-mini");
	}

	@Test
	void modelShowsLimitAvailableAndSourcePerMeterByPropertyName() {
		Reservation reservation = this.limiter.reserve("claude-sonnet-4-5", 1000, 2000, Duration.ZERO);
		ModelDescriptor model = this.endpoint.model("claude-sonnet-4-5");
		assertThat(model.meters()).containsOnlyKeys("requests-per-minute", "input-tokens-per-minute",
				"output-tokens-per-minute");
		assertThat(model.meters().get("requests-per-minute").limit()).isEqualTo(50);
		assertThat(model.meters().get("requests-per-minute").available()).isEqualTo(49);
		assertThat(model.meters().get("input-tokens-per-minute").available()).isEqualTo(29_000);
		assertThat(model.meters().get("output-tokens-per-minute").source()).isEqualTo("config");
		assertThat(model.bindingMeter()).isEqualTo("output-tokens-per-minute");
		assertThat(model.inFlight()).isEqualTo(1);
		assertThat(model.waiting()).isZero();
		assertThat(model.cooldownUntil()).isNull();
		reservation.completeAsReserved();
	}

	@Test
	void modelShowsTheCooldownAfterARateLimitRefusal() {
		this.limiter.observe("gpt-4.1-mini", new ProviderResponse(429, Map.of("retry-after", List.of("20")), null));
		assertThat(this.endpoint.model("gpt-4.1-mini").cooldownUntil())
			.isEqualTo(this.time.now().plusSeconds(20));
	}

	@Test
	void modelShowsTheInputEstimateRatioLearnedFromReportedUsage() {
		assertThat(this.endpoint.model("claude-sonnet-4-5").inputEstimateRatio()).isEqualTo(1.0);
		this.limiter.reserve("claude-sonnet-4-5", 1000, 100, Duration.ZERO).complete(LlmUsage.of(1143, 10));
		assertThat(this.endpoint.model("claude-sonnet-4-5").inputEstimateRatio()).isEqualTo(1.143);
	}

	@Test
	void unknownModelIsNull() {
		assertThat(this.endpoint.model("no-such-model")).isNull();
	}

	@Test
	void webExtensionAnswersNotFoundForAnUnknownModel() {
		WebEndpointResponse<ModelDescriptor> response = new LlmLimitsEndpointWebExtension(this.endpoint)
			.model("no-such-model");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
		assertThat(response.getBody()).isNull();
	}

	@Test
	void webExtensionAnswersOkForAKnownModel() {
		WebEndpointResponse<ModelDescriptor> response = new LlmLimitsEndpointWebExtension(this.endpoint)
			.model("gpt-4.1-mini");
		assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
		assertThat(response.getBody().meters()).containsOnlyKeys("tokens-per-minute");
	}

	@Test
	void jsonHasTheDocumentedShape() {
		JsonNode json = JsonMapper.builder().build().valueToTree(this.endpoint.models());
		JsonNode model = json.get("models").get("claude-sonnet-4-5");
		assertThat(model.get("meters").get("requests-per-minute").get("limit").asLong()).isEqualTo(50);
		assertThat(model.get("meters").get("requests-per-minute").get("available").asDouble()).isEqualTo(50);
		assertThat(model.get("meters").get("requests-per-minute").get("source").asString()).isEqualTo("config");
		assertThat(model.has("bindingMeter")).isTrue();
		assertThat(model.get("inFlight").asInt()).isZero();
		assertThat(model.get("waiting").asInt()).isZero();
		assertThat(model.get("cooldownUntil").isNull()).isTrue();
		assertThat(model.has("provider")).isTrue();
	}

}
