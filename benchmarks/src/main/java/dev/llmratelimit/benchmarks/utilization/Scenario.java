package dev.llmratelimit.benchmarks.utilization;

import java.time.Duration;

import dev.llmratelimit.test.server.LatencyModel;
import dev.llmratelimit.test.simulator.SimulatedLimits;

/**
 * The benchmark's setting: the model's limits, the workload, the latency, the time scale
 * and how long each strategy runs.
 *
 * @param model the model id
 * @param limits the simulated provider's limits (output tokens per minute binds)
 * @param workers concurrent workers, each sending one call after the other
 * @param workload the requests
 * @param latency the provider's latency model
 * @param scale simulated seconds per real second
 * @param warmUp simulated time before measuring, long enough to spend the full buckets
 * the run starts with
 * @param measured simulated time measured
 */
public record Scenario(String model, SimulatedLimits limits, int workers, Workload workload, LatencyModel latency,
		int scale, Duration warmUp, Duration measured) {

	/**
	 * The published setting: 500 RPM, 400,000 ITPM, 20,000 OTPM; 64 workers; prompts of 300
	 * to 6,000 tokens; {@code max_tokens} 1024 and answers of 5% to 30% of it; 0.4 s to the
	 * first token, 50,000 input and 60 output tokens per second; 10 times faster than real
	 * time; 1 simulated minute of warm-up and 3 measured.
	 * @param scale simulated seconds per real second
	 * @param measured simulated time measured
	 * @return the scenario
	 */
	public static Scenario standard(int scale, Duration measured) {
		return new Scenario("claude-sim-4", SimulatedLimits.of(500, 400_000, 20_000), 64,
				new Workload(300, 6_000, 1024), new LatencyModel(Duration.ofMillis(400), 50_000, 60), scale,
				Duration.ofMinutes(1), measured);
	}

	/**
	 * A short run with generous limits, 50 times faster than real time, whose only purpose
	 * is to load and compile the code paths (SDK, HTTP, limiter) before anything is
	 * measured: slow first calls would let the simulator's full buckets overflow while the
	 * limiter's had already been spent.
	 * @return the scenario
	 */
	public static Scenario jvmWarmUp() {
		return new Scenario("claude-sim-warm-up", SimulatedLimits.of(100_000, 100_000_000, 10_000_000), 16,
				new Workload(300, 6_000, 1024), new LatencyModel(Duration.ofMillis(400), 50_000, 60), 50,
				Duration.ZERO, Duration.ofMinutes(1));
	}

	/**
	 * Size of the fixed pool by the rule of thumb "tokens per minute ÷ tokens per request",
	 * on the binding output meter, where each request counts as its {@code max_tokens}.
	 * @return the pool size
	 */
	public int fixedPoolSize() {
		return (int) Math.max(1, this.limits.outputTokensPerMinute() / this.workload.maxTokens());
	}

}
