package dev.llmratelimit.simulation;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.core.internal.DialectRegistry;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.provider.internal.AnthropicDialect;
import dev.llmratelimit.provider.internal.OpenAiDialect;
import dev.llmratelimit.simulation.SimulatedTraffic.Refusal;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter learning from the provider simulator: a tokenizer denser than the client's
 * estimate (3.5 characters per token against 4), limits known only from headers, and a
 * 429 storm caused by another process sharing the key. Users call back to back, so the
 * input-tokens meter stays saturated; one manual clock drives both sides.
 */
class LearningFromTheSimulatorTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final SimulatedLimits LIMITS = SimulatedLimits.of(2_000, 400_000, 200_000);

	private static final Duration RUN = Duration.ofSeconds(60);

	/** The ratio of the simulator's token count to the client's estimate. */
	private static final double TRUE_RATIO = 4.0 / 3.5;

	/** Requests the run with a denser tokenizer sends, as measured. */
	private static final int ESTIMATION_ERROR_REQUESTS = 1548;

	/** Requests the run learning its limits from headers sends, as measured. */
	private static final int ZERO_CONFIG_REQUESTS = 1418;

	/** Input-tokens utilization of the run with a denser tokenizer, as measured. */
	private static final double UTILIZATION_ESTIMATION_ERROR = 0.98977;

	/** Input-tokens utilization of the run learning its limits from headers, as measured. */
	private static final double UTILIZATION_ZERO_CONFIG = 0.99369625;

	private final ManualTimeSource clock = new ManualTimeSource();

	private final SimulatedProvider provider = SimulatedProvider.builder()
		.model(MODEL, LIMITS)
		.charsPerToken(3.5)
		.clock(this.clock)
		.build();

	@Test
	void denserTokenizerDrawsNo429sAndKeepsTheInputMeterBusy() {
		BudgetLimiter limiter = limiter().model(configured()).build();
		SimulatedTraffic.Result result = new SimulatedTraffic(this.clock, limiter, this.provider, MODEL).run(RUN);
		report("estimation error", result);
		assertThat(result.sent()).hasSize(ESTIMATION_ERROR_REQUESTS);
		assertThat(result.refusals()).isEmpty();
		assertThat(result.refusals()).noneMatch(this::calibrated);
		assertThat(limiter.headroom(MODEL).orElseThrow().inputEstimateRatio()).isBetween(TRUE_RATIO, TRUE_RATIO * 1.02);
		assertThat(utilization(SimulatedMeter.INPUT_TOKENS)).isEqualTo(UTILIZATION_ESTIMATION_ERROR);
	}

	@Test
	void limitsLearnedFromHeadersAloneDrawNo429sAndKeepTheInputMeterBusy() {
		BudgetLimiter limiter = limiter().build();
		SimulatedTraffic.Result result = new SimulatedTraffic(this.clock, limiter, this.provider, MODEL).run(RUN);
		report("zero config", result);
		assertThat(result.sent()).hasSize(ZERO_CONFIG_REQUESTS);
		assertThat(result.refusals()).isEmpty();
		assertThat(result.refusals()).noneMatch(this::calibrated);
		assertThat(limiter.limits(MODEL).orElseThrow().limit(Meter.INPUT_TOKENS_PER_MINUTE)).hasValue(400_000);
		assertThat(utilization(SimulatedMeter.INPUT_TOKENS)).isEqualTo(UTILIZATION_ZERO_CONFIG);
	}

	@Test
	void afterA429NoRequestLeavesBeforeItsRetryAfter() {
		BudgetLimiter limiter = limiter().model(configured()).build();
		SimulatedTraffic traffic = new SimulatedTraffic(this.clock, limiter, this.provider, MODEL);
		traffic.run(Duration.ofSeconds(5));
		drainInputTokensAsAnotherProcess();
		SimulatedTraffic.Result storm = traffic.run(Duration.ofSeconds(30));
		assertThat(storm.refusals()).isNotEmpty();
		for (Refusal refusal : storm.refusals()) {
			long reopens = refusal.at() + refusal.retryAfter().toNanos();
			// every request sent after the refused one, at the same instant included
			List<Long> later = storm.sent().subList(refusal.sentIndex() + 1, storm.sent().size());
			assertThat(later).noneMatch((sent) -> sent < reopens);
		}
		assertThat(storm.sent()).anyMatch((sent) -> sent > storm.refusals().get(0).at());
	}

	private boolean calibrated(Refusal refusal) {
		return refusal.inputEstimateRatio() >= TRUE_RATIO;
	}

	/** Another process on the same key spends the whole input budget at once. */
	private void drainInputTokensAsAnotherProcess() {
		long level = (long) this.provider.statistics(MODEL).meters().get(SimulatedMeter.INPUT_TOKENS).level();
		String prompt = "x".repeat((int) (level * 3.5));
		assertThat(this.provider.admit(new SimulatedRequest(MODEL, prompt, 1))).isInstanceOf(SimulatedCall.class);
	}

	private double utilization(SimulatedMeter meter) {
		return this.provider.statistics(MODEL).utilization(meter);
	}

	private void report(String run, SimulatedTraffic.Result result) {
		ModelStatistics statistics = this.provider.statistics(MODEL);
		System.out.printf("%s: %d requests, %d answered 429 (%.2f%%), input-tokens utilization %s%n", run,
				result.sent().size(), result.refusals().size(), 100 * result.refusalRate(),
				statistics.utilization(SimulatedMeter.INPUT_TOKENS));
	}

	private BudgetLimiter.Builder limiter() {
		return BudgetLimiter.builder()
			.timeSource(this.clock)
			.dialects(new DialectRegistry(List.of(new AnthropicDialect(), new OpenAiDialect())));
	}

	private static ModelLimits configured() {
		return ModelLimits.builder(MODEL)
			.provider("anthropic")
			.limit(Meter.REQUESTS_PER_MINUTE, LIMITS.requestsPerMinute())
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, LIMITS.inputTokensPerMinute())
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, LIMITS.outputTokensPerMinute())
			.build();
	}

}
