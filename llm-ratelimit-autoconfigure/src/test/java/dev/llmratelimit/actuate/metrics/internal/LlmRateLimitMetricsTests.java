package dev.llmratelimit.actuate.metrics.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.actuate.internal.NeighbourOnTheKey;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.HeaderLimitsDialect;
import dev.llmratelimit.core.internal.LimiterSettings;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.store.redis.RedisTestServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class LlmRateLimitMetricsTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private final ManualTimeSource time = new ManualTimeSource();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<LlmRateLimiter> limiterRef = new AtomicReference<>();

	private final LlmRateLimitMetrics metrics = new LlmRateLimitMetrics(this.registry, this.limiterRef::get);

	private final BudgetLimiter limiter = limiter(BudgetLimiter.builder());

	@Test
	void callAdmittedAtOnceCountsAsAdmittedAndRecordsZeroWait() {
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);

		assertThat(calls("admitted")).isEqualTo(1);
		assertThat(calls("waited")).isZero();
		assertThat(this.registry.get("llm.ratelimit.wait").tag("model", MODEL).timer().count()).isEqualTo(1);
	}

	@Test
	void callAdmittedAfterWaitingCountsAsWaitedAndRecordsItsWait() {
		BudgetLimiter paced = limiter(BudgetLimiter.builder().pacers((limits) -> (timeout) -> {
			this.time.advance(Duration.ofMillis(250));
			return TimeUnit.MILLISECONDS.toNanos(250);
		}));

		paced.reserve(MODEL, 100, 100, Duration.ofSeconds(1));

		assertThat(calls("waited")).isEqualTo(1);
		assertThat(calls("admitted")).isZero();
		assertThat(this.registry.get("llm.ratelimit.wait").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void callRefusedByTheLimiterCountsAsRejected() {
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);

		assertThatExceptionOfType(LlmRateLimitExceededException.class)
			.isThrownBy(() -> this.limiter.reserve(MODEL, 100, 100, Duration.ZERO));

		assertThat(calls("rejected")).isEqualTo(1);
	}

	@Test
	void observedTooManyRequestsCountsAsProviderThrottled() {
		Reservation reservation = this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);

		reservation.observe(HeaderLimitsDialect.tooManyRequests(5));

		assertThat(calls("provider-throttled")).isEqualTo(1);
	}

	@Test
	void completedCallCountsReservedAndActualTokens() {
		Reservation reservation = this.limiter.reserve(MODEL, 1000, 500, Duration.ZERO);

		reservation.complete(new LlmUsage(900, 150, 100, 0));

		assertThat(tokens("input", "reserved")).isEqualTo(1000);
		assertThat(tokens("output", "reserved")).isEqualTo(500);
		assertThat(tokens("input", "actual")).isEqualTo(1000);
		assertThat(tokens("output", "actual")).isEqualTo(150);
		assertThat(tokens("input", "cache-read")).isEqualTo(100);
	}

	@Test
	void gaugesOfConfiguredModelsFollowTheHeadroom() {
		this.metrics.bindModels();
		assertThat(gauge("llm.ratelimit.available", Meter.INPUT_TOKENS_PER_MINUTE).value()).isEqualTo(30_000);

		Reservation reservation = this.limiter.reserve(MODEL, 1000, 500, Duration.ZERO);

		assertThat(gauge("llm.ratelimit.available", Meter.INPUT_TOKENS_PER_MINUTE).value()).isEqualTo(29_000);
		assertThat(gauge("llm.ratelimit.limit", Meter.INPUT_TOKENS_PER_MINUTE).value()).isEqualTo(30_000);
		assertThat(this.registry.get("llm.ratelimit.in-flight").tag("model", MODEL).gauge().value()).isEqualTo(1);
		reservation.complete(LlmUsage.of(1000, 100));
		assertThat(this.registry.get("llm.ratelimit.in-flight").tag("model", MODEL).gauge().value()).isZero();
	}

	@Test
	void externalRateGaugeShowsWhatANeighbourOnTheKeySpends() {
		AtomicReference<LlmRateLimiter> limiter = new AtomicReference<>();
		LlmRateLimitMetrics metrics = new LlmRateLimitMetrics(this.registry, limiter::get);
		NeighbourOnTheKey neighbour = new NeighbourOnTheKey(metrics);
		limiter.set(neighbour.limiter());
		metrics.bindModels();
		neighbour.run(10);
		assertThat(this.registry.get("llm.ratelimit.external-rate")
			.tags("model", NeighbourOnTheKey.MODEL, "meter", "tokens-per-minute")
			.gauge()
			.value()).isCloseTo(1800, within(1e-6));
	}

	@Test
	void externalRateGaugeShowsWhatANeighbourSpendsOfARedisBackedModel() {
		AtomicReference<LlmRateLimiter> limiter = new AtomicReference<>();
		LlmRateLimitMetrics metrics = new LlmRateLimitMetrics(this.registry, limiter::get);
		LettuceConnectionFactory redis = RedisTestServer.shared().connectionFactory();
		try (NeighbourOnTheKey neighbour = NeighbourOnTheKey.onRedis(redis, metrics)) {
			limiter.set(neighbour.limiter());
			metrics.bindModels();
			neighbour.run(10);
			assertThat(this.registry.get("llm.ratelimit.external-rate")
				.tags("model", NeighbourOnTheKey.MODEL, "meter", "tokens-per-minute")
				.gauge()
				.value()).isCloseTo(1800, within(1e-6));
		}
		finally {
			redis.destroy();
		}
	}

	@Test
	void externalRateGaugesAppearWhenTheModelIsFirstObserved() {
		this.metrics.bindModels();
		assertThat(this.registry.find("llm.ratelimit.external-rate").gauges()).isEmpty();
		assertThat(this.registry.find("llm.ratelimit.available").gauges()).hasSize(3);

		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO).observe(ProviderResponse.ok(Map.of()));

		assertThat(this.registry.find("llm.ratelimit.external-rate").tag("model", MODEL).gauges())
			.extracting((gauge) -> gauge.getId().getTag("meter"))
			.containsExactlyInAnyOrder("requests-per-minute", "input-tokens-per-minute", "output-tokens-per-minute");
		assertThat(gauge("llm.ratelimit.external-rate", Meter.INPUT_TOKENS_PER_MINUTE).value()).isZero();
	}

	@Test
	void gaugesAppearForAModelFirstUsedAtRunTime() {
		this.limiter.reserve("gpt-4.1-mini", 100, 100, Duration.ZERO);

		assertThat(this.registry.get("llm.ratelimit.in-flight").tag("model", "gpt-4.1-mini").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void gaugesAppearForALimitLearnedFromHeaders() {
		this.limiter.reserve("gpt-4.1-mini", 100, 100, Duration.ZERO)
			.observe(HeaderLimitsDialect.limitResponse(Meter.TOKENS_PER_MINUTE, 200_000));

		assertThat(this.registry.get("llm.ratelimit.limit")
			.tags("model", "gpt-4.1-mini", "meter", "tokens-per-minute")
			.gauge()
			.value()).isEqualTo(200_000);
	}

	@Test
	void everyMeterOfAForgottenModelLeavesTheRegistry() {
		Reservation call = this.limiter.reserve("gpt-4.1-mini", 100, 100, Duration.ZERO);
		call.observe(HeaderLimitsDialect.limitResponse(Meter.TOKENS_PER_MINUTE, 200_000));
		call.complete(LlmUsage.of(100, 10));
		this.limiter.reserve("gpt-4.1-mini", 100, 100, Duration.ZERO).observe(HeaderLimitsDialect.tooManyRequests(1));
		assertThat(meterNames("gpt-4.1-mini")).containsExactlyInAnyOrder("llm.ratelimit.available",
				"llm.ratelimit.limit", "llm.ratelimit.external-rate", "llm.ratelimit.in-flight", "llm.ratelimit.waiting",
				"llm.ratelimit.calls", "llm.ratelimit.wait", "llm.ratelimit.tokens");
		assertThat(this.registry.find("llm.ratelimit.external-rate").tag("model", "gpt-4.1-mini").gauges()).hasSize(1);

		this.time.advance(LimiterSettings.DEFAULT_UNCONFIGURED_MODEL_IDLE_TIMEOUT);
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);

		assertThat(this.limiter.models()).containsExactly(MODEL);
		assertThat(meterNames("gpt-4.1-mini")).isEmpty();
		assertThat(meterNames(MODEL)).contains("llm.ratelimit.available", "llm.ratelimit.limit", "llm.ratelimit.calls");
	}

	@Test
	void gaugesReadNotANumberWhileThereIsNoLimiter() {
		this.metrics.bindModels();
		this.limiterRef.set(null);

		assertThat(gauge("llm.ratelimit.available", Meter.REQUESTS_PER_MINUTE).value()).isNaN();
	}

	@Test
	void failingListenerNeverBreaksTheCallNorTheMetrics() {
		LimiterListener failing = new LimiterListener() {

			@Override
			public void admitted(String model, long waitedNanos, Cost reserved) {
				throw new IllegalStateException("listener bug");
			}

		};
		BudgetLimiter withFailing = limiter(BudgetLimiter.builder().listener(failing));

		Reservation reservation = withFailing.reserve(MODEL, 100, 100, Duration.ZERO);
		reservation.complete(LlmUsage.of(100, 10));

		assertThat(reservation.isSettled()).isTrue();
		assertThat(calls("admitted")).isEqualTo(1);
	}

	private BudgetLimiter limiter(BudgetLimiter.Builder builder) {
		BudgetLimiter limiter = builder.timeSource(this.time)
			.admissionMargin(Duration.ZERO)
			.dialects(HeaderLimitsDialect.registry())
			.listener(this.metrics)
			.model(ModelLimits.builder(MODEL)
				.limit(Meter.REQUESTS_PER_MINUTE, 2)
				.limit(Meter.INPUT_TOKENS_PER_MINUTE, 30_000)
				.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, 8_000)
				.build())
			.build();
		this.limiterRef.set(limiter);
		return limiter;
	}

	private Set<String> meterNames(String model) {
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> model.equals(meter.getId().getTag("model")))
			.map((meter) -> meter.getId().getName())
			.collect(Collectors.toSet());
	}

	private double calls(String outcome) {
		return this.registry.get("llm.ratelimit.calls").tags("model", MODEL, "outcome", outcome).counter().count();
	}

	private double tokens(String direction, String kind) {
		return this.registry.get("llm.ratelimit.tokens")
			.tags("model", MODEL, "direction", direction, "kind", kind)
			.counter()
			.count();
	}

	private Gauge gauge(String name, Meter meter) {
		return this.registry.get(name).tags("model", MODEL, "meter", meter.propertyName()).gauge();
	}

}
