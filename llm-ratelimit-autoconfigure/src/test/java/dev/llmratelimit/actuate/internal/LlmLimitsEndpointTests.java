package dev.llmratelimit.actuate.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.CallsDescriptor;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.MaxTokensAuditDescriptor;
import dev.llmratelimit.actuate.internal.LlmLimitsEndpoint.ModelDescriptor;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.store.StoreHealth;
import dev.llmratelimit.store.redis.RedisTestServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LlmLimitsEndpoint} and {@link LlmLimitsEndpointWebExtension}.
 */
class LlmLimitsEndpointTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final CallStatistics statistics = new CallStatistics(this.time);

	private final LlmCallCounts counts = new LlmCallCounts();

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.listener(this.statistics)
		.listener(this.counts)
		.model(ModelLimits.builder("claude-sonnet-4-5")
			.limit(Meter.REQUESTS_PER_MINUTE, 50)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
			.alias("sonnet")
			.build())
		.model(ModelLimits.builder("gpt-4.1-mini").limit(Meter.TOKENS_PER_MINUTE, 200_000).build())
		.build();

	private final LlmLimitsEndpoint endpoint = new LlmLimitsEndpoint(this.limiter);

	private final LlmLimitsEndpoint advisingEndpoint = new LlmLimitsEndpoint(this.limiter,
			new LlmRateLimitAdvisor(this.limiter, this.statistics), this.counts, null);

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
	void externalRateOfANeighbourOnTheKeyIsShownPerMeter() {
		NeighbourOnTheKey neighbour = new NeighbourOnTheKey().run(10);
		ModelDescriptor model = new LlmLimitsEndpoint(neighbour.limiter()).model(NeighbourOnTheKey.MODEL);
		assertThat(model.meters().get("tokens-per-minute").externalRate()).isEqualTo(1800);
	}

	@Test
	void externalRateOfANeighbourOnTheKeyIsShownForARedisBackedModel() {
		LettuceConnectionFactory redis = RedisTestServer.shared().connectionFactory();
		try (NeighbourOnTheKey neighbour = NeighbourOnTheKey.onRedis(redis)) {
			neighbour.run(10);
			ModelDescriptor model = new LlmLimitsEndpoint(neighbour.limiter()).model(NeighbourOnTheKey.MODEL);
			assertThat(model.meters().get("tokens-per-minute").externalRate()).isEqualTo(1800);
		}
		finally {
			redis.destroy();
		}
	}

	@Test
	void jsonHasTheDocumentedShape() {
		JsonNode json = JsonMapper.builder().build().valueToTree(this.endpoint.models());
		JsonNode model = json.get("models").get("claude-sonnet-4-5");
		assertThat(model.get("meters").get("requests-per-minute").get("limit").asLong()).isEqualTo(50);
		assertThat(model.get("meters").get("requests-per-minute").get("available").asDouble()).isEqualTo(50);
		assertThat(model.get("meters").get("requests-per-minute").get("source").asString()).isEqualTo("config");
		assertThat(model.get("meters").get("requests-per-minute").get("externalRate").asDouble()).isZero();
		assertThat(model.has("bindingMeter")).isTrue();
		assertThat(model.get("inFlight").asInt()).isZero();
		assertThat(model.get("waiting").asInt()).isZero();
		assertThat(model.get("cooldownUntil").isNull()).isTrue();
		assertThat(model.has("provider")).isTrue();
	}

	@Test
	void jsonShowsANullCooldownEvenWhereNullFieldsAreLeftOut() {
		JsonMapper actuatorLike = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
		JsonNode model = actuatorLike.valueToTree(this.endpoint.models()).get("models").get("claude-sonnet-4-5");
		assertThat(model.has("cooldownUntil")).isTrue();
		assertThat(model.get("cooldownUntil").isNull()).isTrue();
		assertThat(model.has("calls")).as("other null fields are still left out").isFalse();
	}

	@Test
	void withoutAdvisorTheAdviceAndCountsAreNull() {
		runCalls(3);
		ModelDescriptor model = this.endpoint.model("claude-sonnet-4-5");
		assertThat(model.calls()).isNull();
		assertThat(model.observedCalls()).isNull();
		assertThat(model.sustainableRequestsPerMinute()).isNull();
		assertThat(model.recommendedConcurrency()).isNull();
		assertThat(model.maxTokensAudit()).isNull();
		assertThat(model.cacheSavings()).isNull();
	}

	@Test
	void adviceShowsTheSustainableRateAndTheMeterThatSetsIt() {
		runCalls(10);
		ModelDescriptor model = this.advisingEndpoint.model("claude-sonnet-4-5");
		assertThat(model.observedCalls()).isEqualTo(10);
		assertThat(model.requestsPerMinuteByMeter()).containsEntry("requests-per-minute", 50.0)
			.containsEntry("input-tokens-per-minute", 20.0)
			.containsEntry("output-tokens-per-minute", 40.0);
		assertThat(model.sustainableRateMeter()).isEqualTo("input-tokens-per-minute");
		assertThat(model.sustainableRequestsPerMinute()).isEqualTo(20.0);
	}

	@Test
	void adviceRecommendsConcurrencyFromTheObservedLatency() {
		runCalls(10);
		ModelDescriptor model = this.advisingEndpoint.model("claude-sonnet-4-5");
		assertThat(model.meanLatencyMillis()).isEqualTo(6000.0);
		assertThat(model.recommendedConcurrency()).isEqualTo(2);
	}

	@Test
	void adviceAuditsMaxTokensForTheModelAndPerCallSite() {
		runCalls(10);
		this.statistics.recordCallSite("claude-sonnet-4-5", "ChatService.ask", 2000, 200);
		MaxTokensAuditDescriptor audit = this.advisingEndpoint.model("claude-sonnet-4-5").maxTokensAudit();
		assertThat(audit.calls()).isEqualTo(10);
		assertThat(audit.reservedMaxTokens()).isEqualTo(2000.0);
		assertThat(audit.meanOutputTokens()).isEqualTo(200.0);
		assertThat(audit.suggestedMaxTokens()).isEqualTo(250);
		assertThat(audit.freedTokensPerCall()).isEqualTo(1750.0);
		assertThat(audit.callSites()).containsOnlyKeys("ChatService.ask");
		assertThat(audit.callSites().get("ChatService.ask").suggestedMaxTokens()).isEqualTo(250);
	}

	@Test
	void adviceCountsCacheSavings() {
		Reservation reservation = this.limiter.reserve("claude-sonnet-4-5", 1000, 2000, Duration.ZERO);
		reservation.complete(new LlmUsage(200, 100, 800, 0));
		ModelDescriptor model = this.advisingEndpoint.model("claude-sonnet-4-5");
		assertThat(model.cacheSavings().inputTokens()).isEqualTo(1000);
		assertThat(model.cacheSavings().cacheReadInputTokens()).isEqualTo(800);
	}

	@Test
	void modelWithoutObservedCallsHasNoAdviceYet() {
		ModelDescriptor model = this.advisingEndpoint.model("gpt-4.1-mini");
		assertThat(model.observedCalls()).isZero();
		assertThat(model.sustainableRequestsPerMinute()).isNull();
		assertThat(model.maxTokensAudit()).isNull();
	}

	@Test
	void aliasShowsTheAdviceAndCountsOfItsModel() {
		runCalls(2);
		ModelDescriptor model = this.advisingEndpoint.model("sonnet");
		assertThat(model.observedCalls()).isEqualTo(2);
		assertThat(model.calls().admitted()).isEqualTo(2);
	}

	@Test
	void callsAreCountedByOutcome() {
		this.limiter.reserve("gpt-4.1-mini", 150_000, 10, Duration.ZERO).completeAsReserved();
		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve("gpt-4.1-mini", 150_000, 10, Duration.ZERO));
		this.limiter.observe("gpt-4.1-mini", new ProviderResponse(429, Map.of("retry-after", List.of("1")), null));
		CallsDescriptor calls = this.advisingEndpoint.model("gpt-4.1-mini").calls();
		assertThat(calls.admitted()).isEqualTo(1);
		assertThat(calls.waited()).isZero();
		assertThat(calls.rejected()).isEqualTo(1);
		assertThat(calls.providerThrottled()).isEqualTo(1);
	}

	@Test
	void everyModelInTheListCarriesItsAdvice() {
		runCalls(3);
		assertThat(this.advisingEndpoint.models().models().get("claude-sonnet-4-5").observedCalls()).isEqualTo(3);
	}

	@Test
	void jsonHasTheAdviceFields() {
		runCalls(10);
		JsonNode model = JsonMapper.builder().build().valueToTree(this.advisingEndpoint.models())
			.get("models")
			.get("claude-sonnet-4-5");
		assertThat(model.get("sustainableRateMeter").asString()).isEqualTo("input-tokens-per-minute");
		assertThat(model.get("sustainableRequestsPerMinute").asDouble()).isEqualTo(20.0);
		assertThat(model.get("recommendedConcurrency").asInt()).isEqualTo(2);
		assertThat(model.get("maxTokensAudit").get("suggestedMaxTokens").asLong()).isEqualTo(250);
		assertThat(model.get("cacheSavings").get("inputTokens").asLong()).isEqualTo(15_000);
		assertThat(model.get("calls").get("admitted").asLong()).isEqualTo(10);
	}

	/**
	 * Runs calls of 1,500 input tokens reserving 2,000 output tokens and producing 200,
	 * each taking 6 seconds.
	 */
	private void runCalls(int calls) {
		for (int i = 0; i < calls; i++) {
			Reservation reservation = this.limiter.reserve("claude-sonnet-4-5", 1500, 2000, Duration.ZERO);
			this.time.advance(Duration.ofSeconds(6));
			reservation.complete(LlmUsage.of(1500, 200));
		}
	}

	@Test
	void jsonShowsTheStoreInUse() {
		StoreHealth redis = new StoreHealth() {

			@Override
			public String name() {
				return "redis";
			}

			@Override
			public boolean isAvailable() {
				return false;
			}

		};
		LlmLimitsEndpoint endpoint = new LlmLimitsEndpoint(this.limiter, null, null, redis);
		JsonNode json = JsonMapper.builder().build().valueToTree(endpoint.models());
		assertThat(json.get("store").get("name").asString()).isEqualTo("redis");
		assertThat(json.get("store").get("available").asBoolean()).isFalse();
	}

	@Test
	void storeIsNullWhenNotKnown() {
		assertThat(this.endpoint.models().store()).isNull();
	}

}
