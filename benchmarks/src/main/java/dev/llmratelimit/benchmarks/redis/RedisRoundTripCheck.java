package dev.llmratelimit.benchmarks.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import dev.llmratelimit.test.redis.LocalRedisServer;

/**
 * Reserve + settle round trips per second and their p50/p99 latency on a local Redis, on
 * one and eight threads: llm-ratelimit's Redis store beside Bucket4j's Lettuce backend
 * doing one {@code tryConsume} and one {@code addTokens} per request. Starts its own
 * redis-server on a free loopback port and prints a table.
 * <p>
 * Arguments: measured seconds per run (default 10) and warm-up seconds (default 3).
 */
public final class RedisRoundTripCheck {

	private static final int[] THREADS = { 1, 8 };

	private RedisRoundTripCheck() {
	}

	/**
	 * Runs the comparison.
	 * @param args measured seconds and warm-up seconds, both optional
	 * @throws Exception if Redis cannot be started or a run fails
	 */
	public static void main(String[] args) throws Exception {
		Duration measure = Duration.ofSeconds((args.length > 0) ? Long.parseLong(args[0]) : 10);
		Duration warmup = Duration.ofSeconds((args.length > 1) ? Long.parseLong(args[1]) : 3);
		RoundTripRun run = new RoundTripRun(warmup.toNanos(), measure.toNanos());
		double loadBefore = systemLoad();
		List<RoundTripRun.Result> results = new ArrayList<>();
		try (LocalRedisServer redis = LocalRedisServer.start()) {
			System.out.println("redis-server " + redis.executable() + " on 127.0.0.1:" + redis.port());
			List<IntFunction<RoundTripSubject>> subjects = List.of(LlmRateLimitRedisSubject::new,
					Bucket4jLettuceSubject::new);
			for (int threads : THREADS) {
				for (IntFunction<RoundTripSubject> factory : subjects) {
					try (RoundTripSubject subject = factory.apply(redis.port())) {
						RoundTripRun.Result result = run.measure(subject, threads);
						System.out.println(row(result));
						results.add(result);
					}
				}
			}
		}
		System.out.println();
		System.out.println(header());
		results.forEach((result) -> System.out.println(row(result)));
		System.out.printf(Locale.ROOT, "%d s measured after %d s warm-up per row; JDK %s, %d cores, "
				+ "system load average %.1f before and %.1f after%n", measure.toSeconds(), warmup.toSeconds(),
				Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, systemLoad());
	}

	private static String header() {
		return String.format(Locale.ROOT, "| %-46s | %7s | %13s | %9s | %9s |%n|%s|%s|%s|%s|%s|", "Subject",
				"Threads", "Round trips/s", "p50 (µs)", "p99 (µs)", "-".repeat(48), "-".repeat(8) + ":",
				"-".repeat(14) + ":", "-".repeat(10) + ":", "-".repeat(10) + ":");
	}

	private static String row(RoundTripRun.Result result) {
		return String.format(Locale.ROOT, "| %-46s | %7d | %,13.0f | %,9.0f | %,9.0f |", result.subject(),
				result.threads(), result.perSecond(), result.p50Micros(), result.p99Micros());
	}

	private static double systemLoad() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
