package dev.llmratelimit.benchmarks.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.llmratelimit.test.redis.LocalRedisServer;

/**
 * Reserve + settle round trips per second and their p50/p99 latency on a local Redis, on
 * one and eight threads: llm-ratelimit's Redis store beside Bucket4j's Lettuce backend
 * doing one {@code tryConsume} and one {@code addTokens} per request. Starts its own
 * redis-server on a free loopback port, connects and warms both subjects up, then runs
 * several rounds per thread count, the two subjects back to back in each round and in
 * alternating order, so that both see the same load on a shared machine. Prints every
 * round, then the median of the rounds and the median ratio of the pairs.
 * <p>
 * Arguments: measured seconds per row (default 10), warm-up seconds (default 3) and rounds
 * (default 5).
 */
public final class RedisRoundTripCheck {

	private static final int[] THREADS = { 1, 8 };

	private RedisRoundTripCheck() {
	}

	/**
	 * Runs the comparison.
	 * @param args measured seconds, warm-up seconds and rounds, all optional
	 * @throws Exception if Redis cannot be started or a run fails
	 */
	public static void main(String[] args) throws Exception {
		Duration measure = Duration.ofSeconds((args.length > 0) ? Long.parseLong(args[0]) : 10);
		Duration warmup = Duration.ofSeconds((args.length > 1) ? Long.parseLong(args[1]) : 3);
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		RoundTripRun run = new RoundTripRun(warmup.toNanos(), measure.toNanos());
		double loadBefore = systemLoad();
		List<String> table = new ArrayList<>();
		String calls;
		try (LocalRedisServer redis = LocalRedisServer.start();
				RoundTripSubject ours = new LlmRateLimitRedisSubject(redis.port());
				RoundTripSubject bucket4j = new Bucket4jLettuceSubject(redis.port())) {
			System.out.println("redis-server " + redis.executable() + " on 127.0.0.1:" + redis.port());
			for (int threads : THREADS) {
				run.warmUp(ours, threads);
				run.warmUp(bucket4j, threads);
				List<RoundTripRun.Result> oursByRound = new ArrayList<>();
				List<RoundTripRun.Result> bucket4jByRound = new ArrayList<>();
				for (int round = 1; round <= rounds; round++) {
					boolean oursFirst = round % 2 == 1;
					RoundTripRun.Result first = run.measure(oursFirst ? ours : bucket4j, threads);
					RoundTripRun.Result second = run.measure(oursFirst ? bucket4j : ours, threads);
					oursByRound.add(oursFirst ? first : second);
					bucket4jByRound.add(oursFirst ? second : first);
					System.out.printf(Locale.ROOT, "round %d, %d thread(s), load %.1f:%n%s%n%s%n", round, threads,
							systemLoad(), row(first), row(second));
				}
				double ratio = median(ratios(oursByRound, bucket4jByRound));
				table.add(summary(oursByRound, ratio));
				table.add(summary(bucket4jByRound, Double.NaN));
			}
			calls = ours.calls();
		}
		System.out.println();
		System.out.println(header());
		table.forEach(System.out::println);
		System.out.printf(Locale.ROOT, "Median of %d rounds of %d s after %d s warm-up per subject and thread count, "
				+ "subjects alternating; JDK %s, %d cores, system load average %.1f before and %.1f after%n", rounds,
				measure.toSeconds(), warmup.toSeconds(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
				loadBefore, systemLoad());
		System.out.println(calls);
	}

	private static double[] ratios(List<RoundTripRun.Result> ours, List<RoundTripRun.Result> theirs) {
		double[] ratios = new double[ours.size()];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = ours.get(i).perSecond() / theirs.get(i).perSecond();
		}
		return ratios;
	}

	private static String summary(List<RoundTripRun.Result> rounds, double ratio) {
		double[] perSecond = rounds.stream().mapToDouble(RoundTripRun.Result::perSecond).toArray();
		double[] p50 = rounds.stream().mapToDouble(RoundTripRun.Result::p50Micros).toArray();
		double[] p99 = rounds.stream().mapToDouble(RoundTripRun.Result::p99Micros).toArray();
		String range = String.format(Locale.ROOT, "%,.0f–%,.0f", Arrays.stream(perSecond).min().orElse(0),
				Arrays.stream(perSecond).max().orElse(0));
		return String.format(Locale.ROOT, "| %-46s | %7d | %,13.0f | %13s | %,9.0f | %,9.0f | %6s |",
				rounds.get(0).subject(), rounds.get(0).threads(), median(perSecond), range, median(p50), median(p99),
				Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static String header() {
		return String.format(Locale.ROOT, "| %-46s | %7s | %13s | %13s | %9s | %9s | %6s |%n|%s|%s|%s|%s|%s|%s|%s|",
				"Subject", "Threads", "Round trips/s", "Range", "p50 (µs)", "p99 (µs)", "Ratio", "-".repeat(48),
				"-".repeat(8) + ":", "-".repeat(14) + ":", "-".repeat(14) + ":", "-".repeat(10) + ":",
				"-".repeat(10) + ":", "-".repeat(7) + ":");
	}

	private static String row(RoundTripRun.Result result) {
		return String.format(Locale.ROOT, "  %-46s %7d threads %,9.0f/s p50 %,7.0f µs p99 %,9.0f µs", result.subject(),
				result.threads(), result.perSecond(), result.p50Micros(), result.p99Micros());
	}

	private static double systemLoad() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
