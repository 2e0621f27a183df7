package dev.llmratelimit.benchmarks;

import java.time.Duration;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.BudgetLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one call's bookkeeping on the in-memory store: reserve on three meters
 * (requests, input tokens and output tokens per minute) and settle with the reported
 * usage. The limits are so large that the budget is never short, so no call waits.
 */
@State(Scope.Benchmark)
public class ReserveSettleBenchmark extends BenchmarkSettings {

	private static final String MODEL = "claude-sonnet-4-5";

	private static final long HUGE_LIMIT = 1_000_000_000_000L;

	private static final LlmUsage USAGE = LlmUsage.of(800, 120);

	private BudgetLimiter limiter;

	/**
	 * Builds a limiter with one model and three huge meters.
	 */
	@Setup
	public void createLimiter() {
		ModelLimits limits = ModelLimits.builder(MODEL)
			.limit(Meter.REQUESTS_PER_MINUTE, HUGE_LIMIT)
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, HUGE_LIMIT)
			.build();
		this.limiter = BudgetLimiter.builder().model(limits).build();
	}

	/**
	 * Reserves 800 input and 1024 output tokens without waiting, then settles with the
	 * usage a provider would report.
	 * @return the settled reservation
	 */
	@Benchmark
	public Reservation reserveAndSettle() {
		Reservation reservation = this.limiter.reserve(MODEL, 800, 1024, Duration.ZERO);
		reservation.complete(USAGE);
		return reservation;
	}

}
