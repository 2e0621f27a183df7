package dev.llmratelimit.benchmarks;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Baseline: one resilience4j {@link RateLimiter#acquirePermission()} on a limiter whose
 * limit is never reached.
 */
@State(Scope.Benchmark)
public class Resilience4jAcquireBenchmark extends BenchmarkSettings {

	private RateLimiter rateLimiter;

	/**
	 * Builds a limiter allowing {@link Integer#MAX_VALUE} permissions per second.
	 */
	@Setup
	public void createRateLimiter() {
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(Integer.MAX_VALUE)
			.limitRefreshPeriod(Duration.ofSeconds(1))
			.timeoutDuration(Duration.ZERO)
			.build();
		this.rateLimiter = RateLimiter.of("benchmark", config);
	}

	/**
	 * Takes one permission without waiting.
	 * @return whether the permission was granted
	 */
	@Benchmark
	public boolean acquirePermission() {
		return this.rateLimiter.acquirePermission();
	}

}
