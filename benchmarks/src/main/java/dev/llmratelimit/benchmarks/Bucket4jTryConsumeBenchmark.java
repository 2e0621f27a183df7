package dev.llmratelimit.benchmarks;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Baseline: one Bucket4j {@link Bucket#tryConsume(long)} on a single in-memory bucket that
 * is never empty.
 */
@State(Scope.Benchmark)
public class Bucket4jTryConsumeBenchmark extends BenchmarkSettings {

	private static final long HUGE_CAPACITY = 1_000_000_000_000L;

	private Bucket bucket;

	/**
	 * Builds a lock-free bucket with one huge, greedily refilled limit (per hour, as
	 * Bucket4j refills at most one token per nanosecond).
	 */
	@Setup
	public void createBucket() {
		Bandwidth limit = Bandwidth.builder()
			.capacity(HUGE_CAPACITY)
			.refillGreedy(HUGE_CAPACITY, Duration.ofHours(1))
			.build();
		this.bucket = Bucket.builder().addLimit(limit).build();
	}

	/**
	 * Consumes one token.
	 * @return whether the token was consumed
	 */
	@Benchmark
	public boolean tryConsume() {
		return this.bucket.tryConsume(1);
	}

}
