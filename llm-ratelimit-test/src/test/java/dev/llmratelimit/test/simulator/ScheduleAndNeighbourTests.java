package dev.llmratelimit.test.simulator;

import java.time.Duration;

import dev.llmratelimit.test.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for scheduled {@link LimitChange}s and {@link SimulatedNeighbour}s of
 * {@link SimulatedProvider}.
 */
class ScheduleAndNeighbourTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final SimulatedLimits LIMITS = SimulatedLimits.of(50, 30_000, 8_000);

	private final ManualClock clock = new ManualClock();

	@Test
	void raisedLimitShouldBeReportedAndItsExtraCapacityAvailableAtOnce() {
		SimulatedProvider provider = builder().limitChange(Duration.ofSeconds(40), MODEL, LIMITS.times(2)).build();
		admit(provider, 8000);
		this.clock.advance(Duration.ofSeconds(39));
		assertThat(provider.limits(MODEL)).isEqualTo(LIMITS);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(provider.limits(MODEL)).isEqualTo(SimulatedLimits.of(100, 60_000, 16_000));
		// 40 s at 8,000/min refilled 5,333.3; the raise adds 8,000
		assertThat(level(provider, SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(13_333.333, within(1e-3));
		SimulatedCall call = admit(provider, 1000);
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-output-tokens-limit", "16000");
	}

	@Test
	void loweredLimitShouldCapTheLevelAndRefillAtTheNewRate() {
		SimulatedProvider provider = builder()
			.limitChange(Duration.ofSeconds(35), MODEL, LIMITS.withOutputTokensPerMinute(4000))
			.build();
		this.clock.advance(Duration.ofSeconds(35));
		assertThat(level(provider, SimulatedMeter.OUTPUT_TOKENS)).isEqualTo(4000);
		admit(provider, 4000);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(level(provider, SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(1000, within(1e-9));
	}

	@Test
	void neighbourShouldSpendItsMeterInCallsAtItsRate() {
		SimulatedProvider provider = builder()
			.neighbour(SimulatedNeighbour.spending(MODEL, SimulatedMeter.OUTPUT_TOKENS, 4000, 500))
			.build();
		this.clock.advance(Duration.ofSeconds(60));
		ModelStatistics statistics = provider.statistics(MODEL);
		// calls at 0, 7.5, ..., 60 s: 9 calls of 500, refilled 8,000 over the minute (capped)
		assertThat(statistics.neighbourCalls()).isEqualTo(9);
		assertThat(statistics.neighbourRejected()).isZero();
		assertThat(statistics.admitted()).isZero();
		MeterStatistics output = statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS);
		assertThat(output.neighbourConsumed()).isEqualTo(4500);
		assertThat(output.consumed()).isEqualTo(4500);
		assertThat(statistics.meters().get(SimulatedMeter.REQUESTS).consumed()).isZero();
	}

	@Test
	void neighbourCallThatDoesNotFitShouldBeRefusedAndNotCharged() {
		SimulatedProvider provider = builder()
			.neighbour(SimulatedNeighbour.spending(MODEL, SimulatedMeter.OUTPUT_TOKENS, 4000, 500)
				.between(Duration.ofSeconds(1), Duration.ofSeconds(2)))
			.build();
		admit(provider, 7800);
		this.clock.advance(Duration.ofSeconds(1));
		ModelStatistics statistics = provider.statistics(MODEL);
		assertThat(statistics.neighbourRejected()).isEqualTo(1);
		assertThat(statistics.neighbourCalls()).isZero();
		assertThat(statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS).neighbourConsumed()).isZero();
	}

	@Test
	void neighbourShouldStopAtItsStop() {
		SimulatedProvider provider = builder()
			.neighbour(SimulatedNeighbour.spending(MODEL, SimulatedMeter.OUTPUT_TOKENS, 6000, 1000)
				.between(Duration.ZERO, Duration.ofSeconds(30)))
			.build();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(provider.statistics(MODEL).neighbourCalls()).isEqualTo(3);
	}

	@Test
	void modelsShouldKeepSeparateLimits() {
		SimulatedProvider provider = builder().model("claude-haiku-4-5", LIMITS.times(100)).build();
		admit(provider, 8000);
		SimulatedCall other = (SimulatedCall) provider
			.admit(new SimulatedRequest("claude-haiku-4-5", "x".repeat(40), 8000));
		assertThat(other.headers()).containsEntry("anthropic-ratelimit-output-tokens-limit", "800000")
			.containsEntry("anthropic-ratelimit-output-tokens-remaining", "792000");
		assertThat(provider.admit(new SimulatedRequest(MODEL, "x".repeat(40), 100))).isInstanceOf(Rejection.class);
	}

	@Test
	void resetShouldStartOverWithFullBucketsAndTheScheduleFromNow() {
		SimulatedProvider provider = builder().limitChange(Duration.ofSeconds(10), MODEL, LIMITS.times(2)).build();
		admit(provider, 8000);
		this.clock.advance(Duration.ofSeconds(30));
		provider.reset();
		assertThat(provider.statistics(MODEL).admitted()).isZero();
		assertThat(provider.limits(MODEL)).isEqualTo(LIMITS);
		assertThat(level(provider, SimulatedMeter.OUTPUT_TOKENS)).isEqualTo(8000);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(provider.limits(MODEL)).isEqualTo(LIMITS.times(2));
	}

	@Test
	void scheduleForAModelWithoutLimitsShouldBeRefused() {
		SimulatedProvider.Builder builder = builder().limitChange(Duration.ofSeconds(1), "other-model", LIMITS);
		assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("'other-model'");
	}

	@Test
	void modelsWithoutLimitsShouldBeServedButNotKept() {
		SimulatedProvider provider = builder().build();
		assertThat(provider.admit(new SimulatedRequest("unlisted", "hi", 10))).isInstanceOf(SimulatedCall.class);
		assertThat(provider.statistics("unlisted").admitted()).isZero();
	}

	private SimulatedProvider.Builder builder() {
		return SimulatedProvider.builder().model(MODEL, LIMITS).clock(this.clock);
	}

	private static SimulatedCall admit(SimulatedProvider provider, long maxTokens) {
		Admission admission = provider.admit(new SimulatedRequest(MODEL, "x".repeat(40), maxTokens));
		assertThat(admission).isInstanceOf(SimulatedCall.class);
		return (SimulatedCall) admission;
	}

	private static double level(SimulatedProvider provider, SimulatedMeter meter) {
		return provider.statistics(MODEL).meters().get(meter).level();
	}

}
