package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CallStatisticsTests {

	private static final String MODEL = "gpt-4.1-mini";

	private final ManualTimeSource time = new ManualTimeSource();

	private final CallStatistics statistics = new CallStatistics(this.time, 4);

	private final BudgetLimiter limiter = BudgetLimiter.builder()
		.timeSource(this.time)
		.listener(this.statistics)
		.model(ModelLimits.builder(MODEL).limit(Meter.TOKENS_PER_MINUTE, 1_000_000).build())
		.build();

	@Test
	void onlyTheMostRecentCallsAreKept() {
		for (int output = 1; output <= 10; output++) {
			this.limiter.reserve(MODEL, 100, 100, Duration.ZERO).complete(LlmUsage.of(100, output * 10));
		}

		ObservedCalls observed = this.statistics.observed(MODEL).orElseThrow();

		assertThat(observed.calls()).isEqualTo(4);
		assertThat(observed.meanOutputTokens()).isEqualTo(85);
	}

	@Test
	void aBusyModelsMeansCoverItsMostRecentCallsInBlocksOfASixteenthOfTheCapacity() {
		CallStatistics statistics = new CallStatistics(this.time);
		BudgetLimiter unlimited = BudgetLimiter.builder().timeSource(this.time).listener(statistics).build();
		for (int call = 1; call <= 2000; call++) {
			unlimited.reserve(MODEL, call, 100, Duration.ZERO).complete(LlmUsage.of(call, 10));
		}

		ObservedCalls observed = statistics.observed(MODEL).orElseThrow();

		// blocks of 64 calls: 15 full ones and 16 calls of the 32nd, calls 1025 to 2000
		assertThat(observed.calls()).isEqualTo(976);
		assertThat(observed.meanInputTokens()).isEqualTo((1025 + 2000) / 2.0);
		assertThat(observed.meanCost()).containsEntry(Meter.REQUESTS_PER_MINUTE, 1.0);
		// percentiles come from the last 1,024 calls' output
		assertThat(observed.output().calls()).isEqualTo(1024);
	}

	@Test
	void latencyIsMeasuredFromAdmissionToCompletion() {
		Reservation first = this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(1));
		Reservation second = this.limiter.reserve(MODEL, 100, 100, Duration.ZERO);
		this.time.advance(Duration.ofSeconds(2));
		first.complete(LlmUsage.of(100, 10));
		second.complete(LlmUsage.of(100, 10));

		assertThat(this.statistics.observed(MODEL).orElseThrow().meanLatencyNanos())
			.isEqualTo(Duration.ofMillis(2500).toNanos());
	}

	@Test
	void cancelledCallsAreNotObserved() {
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO).cancel();

		assertThat(this.statistics.observed(MODEL)).isEmpty();
	}

	@Test
	void failedCallsCountTheirCostButNoLatency() {
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO).fail(new IllegalStateException("boom"));

		ObservedCalls observed = this.statistics.observed(MODEL).orElseThrow();

		assertThat(observed.calls()).isEqualTo(1);
		assertThat(observed.meanCost()).containsEntry(Meter.TOKENS_PER_MINUTE, 100.0);
		assertThat(observed.meanLatencyNanos()).isEqualTo(-1);
	}

	@Test
	void callsSettledFromManyThreadsAreAllRecorded() throws Exception {
		CallStatistics shared = new CallStatistics(this.time, 10_000);
		BudgetLimiter unlimited = BudgetLimiter.builder().timeSource(this.time).listener(shared).build();
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < 16; thread++) {
				futures.add(executor.submit(() -> {
					for (int call = 0; call < 200; call++) {
						unlimited.reserve(MODEL, 100, 100, Duration.ZERO).complete(LlmUsage.of(100, 30));
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}

		ObservedCalls observed = shared.observed(MODEL).orElseThrow();

		assertThat(observed.calls()).isEqualTo(3200);
		assertThat(observed.output().calls()).isEqualTo(3200);
		assertThat(observed.meanCost()).containsEntry(Meter.REQUESTS_PER_MINUTE, 1.0);
		assertThat(observed.meanLatencyNanos()).isZero();
	}

	@Test
	void callSitesBeyondTheCapAreIgnored() {
		for (int i = 0; i < 100; i++) {
			this.statistics.recordCallSite(MODEL, "site-" + i, 100, 10);
		}
		this.limiter.reserve(MODEL, 100, 100, Duration.ZERO).complete(LlmUsage.of(100, 10));

		assertThat(this.statistics.observed(MODEL).orElseThrow().callSites()).hasSize(64);
	}

}
