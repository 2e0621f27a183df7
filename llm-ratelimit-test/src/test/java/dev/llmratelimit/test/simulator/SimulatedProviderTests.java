package dev.llmratelimit.test.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.llmratelimit.test.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link SimulatedProvider}.
 */
@Timeout(60)
class SimulatedProviderTests {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final Instant START = Instant.parse("2026-02-25T20:00:00Z");

	private final ManualClock clock = new ManualClock();

	private final SimulatedProvider provider = provider(SimulatedLimits.of(50, 30000, 8000)).build();

	@Test
	void admittedRequestShouldReserveOneRequestItsInputAndMaxTokens() {
		admit(400, 1000);
		ModelStatistics statistics = this.provider.statistics(MODEL);
		assertThat(statistics.admitted()).isEqualTo(1);
		assertThat(level(statistics, SimulatedMeter.REQUESTS)).isCloseTo(49, within(1e-9));
		assertThat(level(statistics, SimulatedMeter.INPUT_TOKENS)).isCloseTo(29900, within(1e-9));
		assertThat(level(statistics, SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(7000, within(1e-9));
	}

	@Test
	void completeShouldReconcileOutputToTheActualAnswerLength() {
		SimulatedCall call = admit(400, 1000);
		SimulatedReply reply = call.complete();
		MeterStatistics output = this.provider.statistics(MODEL).meters().get(SimulatedMeter.OUTPUT_TOKENS);
		assertThat(reply.outputTokens()).isBetween(1L, 999L);
		assertThat(output.consumed()).isCloseTo(reply.outputTokens(), within(1e-9));
		assertThat(output.level()).isCloseTo(8000 - reply.outputTokens(), within(1e-9));
	}

	@Test
	void completeShouldKeepTheRequestAndInputCharged() {
		admit(400, 1000).complete();
		ModelStatistics statistics = this.provider.statistics(MODEL);
		assertThat(level(statistics, SimulatedMeter.REQUESTS)).isCloseTo(49, within(1e-9));
		assertThat(level(statistics, SimulatedMeter.INPUT_TOKENS)).isCloseTo(29900, within(1e-9));
	}

	@Test
	void completingACallTwiceShouldFail() {
		SimulatedCall call = admit(40, 100);
		call.complete();
		assertThatIllegalStateException().isThrownBy(call::complete).withMessageContaining(call.requestId());
	}

	@Test
	void requestThatDoesNotFitShouldBeRejectedWithNothingCharged() {
		admit(40, 8000);
		Rejection rejection = reject(40, 100);
		ModelStatistics statistics = this.provider.statistics(MODEL);
		assertThat(rejection.meter()).isEqualTo(SimulatedMeter.OUTPUT_TOKENS);
		assertThat(rejection.neverFits()).isFalse();
		assertThat(statistics.admitted()).isEqualTo(1);
		assertThat(statistics.rejected()).isEqualTo(1);
		assertThat(statistics.rejectedBy()).containsEntry(SimulatedMeter.OUTPUT_TOKENS, 1L);
		assertThat(level(statistics, SimulatedMeter.REQUESTS)).isCloseTo(49, within(1e-9));
		assertThat(level(statistics, SimulatedMeter.INPUT_TOKENS)).isCloseTo(29990, within(1e-9));
	}

	@Test
	void retryAfterShouldBeTheTimeUntilTheRequestFitsInWholeSecondsRoundedUp() {
		admit(40, 8000);
		Rejection rejection = reject(40, 1000);
		assertThat(rejection.retryAfter()).isEqualTo(Duration.ofMillis(7500));
		assertThat(rejection.retryAfterSeconds()).isEqualTo(8);
		assertThat(rejection.headers()).containsEntry("retry-after", "8").containsEntry("x-should-retry", "true");
	}

	@Test
	void retryAfterShouldBeAtLeastOneSecond() {
		assertThat(Rejection.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(Rejection.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
		assertThat(Rejection.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
	}

	@Test
	void rejectedRequestAfterRetryAfterShouldBeAdmitted() {
		admit(40, 8000);
		Rejection rejection = reject(40, 1000);
		this.clock.advance(rejection.retryAfter());
		assertThat(this.provider.admit(request(40, 1000))).isInstanceOf(SimulatedCall.class);
	}

	@Test
	void rejectionShouldNameTheMeterThatNeedsTheLongestWait() {
		SimulatedProvider tight = provider(SimulatedLimits.of(1, 30000, 8000)).build();
		tight.admit(request(40, 8000));
		Rejection rejection = (Rejection) tight.admit(request(40, 100));
		assertThat(rejection.meter()).isEqualTo(SimulatedMeter.REQUESTS);
		assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void bucketsShouldRefillContinuouslyAtTheirLimitPerMinute() {
		admit(40, 8000);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(level(this.provider.statistics(MODEL), SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(2000,
				within(1e-6));
	}

	@Test
	void bucketsShouldRefillNoHigherThanTheLimit() {
		admit(40, 8000);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(level(this.provider.statistics(MODEL), SimulatedMeter.OUTPUT_TOKENS)).isEqualTo(8000);
	}

	@Test
	void requestLargerThanTheLimitShouldBeRejectedAsNeverFitting() {
		Rejection rejection = reject(40, 8001);
		assertThat(rejection.neverFits()).isTrue();
		assertThat(rejection.meter()).isEqualTo(SimulatedMeter.OUTPUT_TOKENS);
		assertThat(rejection.message()).contains("on its own");
	}

	@Test
	void headersShouldReportLimitRemainingAndResetOfEveryMeter() {
		SimulatedCall call = admit(400, 1000);
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-requests-limit", "50")
			.containsEntry("anthropic-ratelimit-requests-remaining", "49")
			.containsEntry("anthropic-ratelimit-requests-reset", "2026-02-25T20:00:02Z")
			.containsEntry("anthropic-ratelimit-input-tokens-limit", "30000")
			.containsEntry("anthropic-ratelimit-input-tokens-remaining", "30000")
			.containsEntry("anthropic-ratelimit-input-tokens-reset", "2026-02-25T20:00:01Z")
			.containsEntry("anthropic-ratelimit-output-tokens-limit", "8000")
			.containsEntry("anthropic-ratelimit-output-tokens-remaining", "7000")
			.containsEntry("anthropic-ratelimit-output-tokens-reset", "2026-02-25T20:00:08Z")
			.containsKey("request-id");
	}

	@Test
	void tokensHeadersShouldReportInputAndOutputTogetherWithoutATokensLimit() {
		SimulatedCall call = admit(400, 1000);
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-tokens-limit", "38000")
			.containsEntry("anthropic-ratelimit-tokens-remaining", "37000")
			.containsEntry("anthropic-ratelimit-tokens-reset", "2026-02-25T20:00:08Z");
	}

	@Test
	void remainingTokensShouldBeRoundedToTheNearestThousand() {
		assertThat(admit(40, 400).headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "8000");
		assertThat(admit(40, 200).headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "7000");
	}

	@Test
	void remainingTokensShouldNotBeRoundedAboveTheLimit() {
		SimulatedProvider small = provider(SimulatedLimits.of(50, 30000, 2600)).build();
		SimulatedCall call = (SimulatedCall) small.admit(request(40, 1));
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "2600");
	}

	@Test
	void completionHeadersShouldShowTheRefundedOutput() {
		SimulatedCall call = admit(40, 4000);
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "4000");
		SimulatedReply reply = call.complete();
		long expected = Math.round((8000 - reply.outputTokens()) / 1000.0) * 1000;
		assertThat(reply.headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining",
				Long.toString(expected));
	}

	@Test
	void rejectionShouldCarryTheRateLimitHeaders() {
		admit(40, 8000);
		Rejection rejection = reject(40, 100);
		assertThat(rejection.headers()).containsEntry("anthropic-ratelimit-output-tokens-remaining", "0")
			.containsEntry("anthropic-ratelimit-output-tokens-limit", "8000")
			.containsKey("request-id");
	}

	@Test
	void tokensPerMinuteMeterShouldChargeInputAndMaxTokensAndReportItself() {
		SimulatedProvider combined = provider(new SimulatedLimits(0, 0, 0, 10000)).build();
		SimulatedCall call = (SimulatedCall) combined.admit(request(400, 1000));
		assertThat(level(combined.statistics(MODEL), SimulatedMeter.TOKENS)).isCloseTo(8900, within(1e-9));
		assertThat(call.headers()).containsEntry("anthropic-ratelimit-tokens-limit", "10000")
			.containsEntry("anthropic-ratelimit-tokens-remaining", "9000")
			.doesNotContainKey("anthropic-ratelimit-requests-limit");
		SimulatedReply reply = call.complete();
		assertThat(level(combined.statistics(MODEL), SimulatedMeter.TOKENS)).isCloseTo(9900 - reply.outputTokens(),
				within(1e-9));
	}

	@Test
	void actualOutputAccountingShouldChargeOutputOnlyOnCompletion() {
		SimulatedProvider actual = provider(SimulatedLimits.of(50, 30000, 8000))
			.outputAccounting(OutputAccounting.ACTUAL)
			.build();
		SimulatedCall call = (SimulatedCall) actual.admit(request(40, 8000));
		assertThat(level(actual.statistics(MODEL), SimulatedMeter.OUTPUT_TOKENS)).isEqualTo(8000);
		SimulatedReply reply = call.complete();
		assertThat(level(actual.statistics(MODEL), SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(
				8000 - reply.outputTokens(), within(1e-9));
	}

	@Test
	void tokenizerRatioShouldDecideTheInputTokens() {
		SimulatedProvider dense = provider(SimulatedLimits.of(50, 30000, 8000)).charsPerToken(3.5).build();
		assertThat(this.provider.tokens("x".repeat(350))).isEqualTo(88);
		assertThat(dense.tokens("x".repeat(350))).isEqualTo(100);
		assertThat(((SimulatedCall) dense.admit(request(350, 10))).inputTokens()).isEqualTo(100);
	}

	@Test
	void answerLengthShouldBeDeterministicAndMuchShorterThanMaxTokens() {
		OutputLengthModel model = OutputLengthModel.standard();
		for (int i = 0; i < 200; i++) {
			String prompt = "prompt number " + i;
			long tokens = model.outputTokens(prompt, 1000);
			assertThat(tokens).isBetween(50L, 300L).isEqualTo(model.outputTokens(prompt, 1000));
		}
	}

	@Test
	void modelWithoutLimitsShouldBeServedWithoutRateLimitHeaders() {
		Admission admission = this.provider.admit(new SimulatedRequest("unlisted-model", "hello", 100_000));
		assertThat(admission).isInstanceOf(SimulatedCall.class);
		assertThat(admission.headers()).containsOnlyKeys("request-id");
	}

	@Test
	void statisticsShouldGiveUtilizationOverTheActivePeriod() {
		admit(40, 8000);
		this.clock.advance(Duration.ofSeconds(60));
		admit(40, 8000);
		ModelStatistics statistics = this.provider.statistics(MODEL);
		assertThat(statistics.activePeriod()).isEqualTo(Duration.ofSeconds(60));
		assertThat(statistics.utilization(SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(1.0, within(1e-9));
		assertThat(statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS).peakUtilization()).isCloseTo(1.0,
				within(1e-9));
	}

	@Test
	void concurrentRequestsShouldNeverBeAdmittedBeyondTheLimit() throws Exception {
		SimulatedProvider shared = provider(SimulatedLimits.of(10_000, 1_000_000, 8000)).build();
		int threads = 16;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> admitted = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				admitted.add(executor.submit(() -> {
					start.await();
					int count = 0;
					for (int i = 0; i < 50; i++) {
						count += (shared.admit(request(40, 100)) instanceof SimulatedCall) ? 1 : 0;
					}
					return count;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> future : admitted) {
				total += future.get(10, TimeUnit.SECONDS);
			}
			ModelStatistics statistics = shared.statistics(MODEL);
			assertThat(total).isEqualTo(80);
			assertThat(statistics.admitted()).isEqualTo(80);
			assertThat(statistics.rejected()).isEqualTo(threads * 50 - 80);
			assertThat(level(statistics, SimulatedMeter.OUTPUT_TOKENS)).isCloseTo(0, within(1e-9));
		}
		finally {
			executor.shutdownNow();
		}
	}

	private SimulatedProvider.Builder provider(SimulatedLimits limits) {
		return SimulatedProvider.builder().model(MODEL, limits).clock(this.clock, Clock.fixed(START, ZoneOffset.UTC));
	}

	private SimulatedCall admit(int promptChars, long maxTokens) {
		Admission admission = this.provider.admit(request(promptChars, maxTokens));
		assertThat(admission).isInstanceOf(SimulatedCall.class);
		return (SimulatedCall) admission;
	}

	private Rejection reject(int promptChars, long maxTokens) {
		Admission admission = this.provider.admit(request(promptChars, maxTokens));
		assertThat(admission).isInstanceOf(Rejection.class);
		return (Rejection) admission;
	}

	private static SimulatedRequest request(int promptChars, long maxTokens) {
		return new SimulatedRequest(MODEL, "x".repeat(promptChars), maxTokens);
	}

	private static double level(ModelStatistics statistics, SimulatedMeter meter) {
		return statistics.meters().get(meter).level();
	}

}
