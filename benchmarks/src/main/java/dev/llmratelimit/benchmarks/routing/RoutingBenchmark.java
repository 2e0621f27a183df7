package dev.llmratelimit.benchmarks.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.Priority;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.benchmarks.utilization.SimulatedTime;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.store.redis.RedisBudgetStore;
import dev.llmratelimit.test.redis.LocalRedisServer;
import dev.llmratelimit.test.simulator.Admission;
import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedReply;
import dev.llmratelimit.test.simulator.SimulatedRequest;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Measures routing, priorities and tenants against the test kit's in-process
 * {@link SimulatedProvider} (continuously refilling RPM, ITPM and OTPM buckets, max tokens
 * reserved and reconciled, 429 for what does not fit), with real threads on simulated time
 * running {@value #SCALE} times faster than real time. Each call reserves through
 * {@link BudgetLimiter#reserve(ReservationRequest)}, is admitted (or refused) by the
 * simulator on the model it was reserved on, lasts 0.4 s plus its output at 60 tokens/s,
 * and completes with the usage the simulator reports. Three scenarios, each printed as
 * markdown rows:
 * <ol>
 * <li>a small-quota model with a fallback of ten times its limits, against the small model
 * alone;</li>
 * <li>interactive {@code HIGH} callers beside a saturating {@code LOW} batch on one model;</li>
 * <li>four tenants, one greedy, on one model with and without {@code max-share-per-key}.</li>
 * </ol>
 * With {@code --redis} it runs the priorities and tenants scenarios on the Redis store
 * instead: two instances (two limiters, each with its own {@code RedisBudgetStore}) sharing
 * one budget in a local {@code redis-server}, the interactive callers on one instance and
 * the batch on the other, each tenant's workers spread over both.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.llmratelimit.benchmarks.routing.RoutingBenchmark [--redis]}.
 */
public final class RoutingBenchmark {

	static final int SCALE = 20;

	private static final Duration WARM_UP = Duration.ofSeconds(30);

	private static final Duration MEASURED = Duration.ofMinutes(3);

	private static final long MAX_TOKENS = 512;

	private RoutingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--redis")) {
			try (LocalRedisServer redis = LocalRedisServer.start()) {
				onRedis(redis.port());
			}
			return;
		}
		System.out.println("## Fallback: small model (50 RPM, 40,000 ITPM, 4,000 OTPM), fallback 10x its limits");
		System.out.println();
		System.out.println("| Setup | Completed calls/min | Simulator 429s | small: calls/min, OTPM used | "
				+ "large: calls/min, OTPM used | Wait p50 | Wait p99 |");
		System.out.println("|---|---:|---:|---|---|---:|---:|");
		System.out.println(fallback(false));
		System.out.println(fallback(true));
		System.out.println();
		System.out.println("## Priorities: 4 interactive HIGH users (one call each 5 s) beside a 24-worker LOW batch, "
				+ "one model (1,000 RPM, 100,000 ITPM, 10,000 OTPM: output tokens bind)");
		System.out.println();
		System.out.println("| Setup | Interactive calls | Interactive wait p50 | Interactive wait p99 | "
				+ "Batch calls/min | Batch OTPM used | OTPM used (all) | Simulator 429s |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		System.out.println(priorities(false, 0.2));
		System.out.println(priorities(true, 0.2));
		System.out.println(priorities(true, 0.3));
		System.out.println();
		System.out.println("## Tenants: one greedy tenant (16 workers) and three others (2 workers each), one model "
				+ "(1,000 RPM, 100,000 ITPM, 10,000 OTPM: output tokens bind)");
		System.out.println();
		System.out.println("| Setup | Tenant | Share of output tokens | Calls/min | Wait p50 | Wait p99 | "
				+ "Simulator 429s (all) |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|");
		tenants(null, 0).forEach(System.out::println);
		tenants(0.4, 0).forEach(System.out::println);
	}

	private static void onRedis(int redisPort) throws InterruptedException {
		System.out.println("## Priorities on the Redis store: two instances, the interactive HIGH users on one and the "
				+ "LOW batch on the other (limits as above)");
		System.out.println();
		System.out.println("| Setup | Interactive calls | Interactive wait p50 | Interactive wait p99 | "
				+ "Batch calls/min | Batch OTPM used | OTPM used (all) | Simulator 429s |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		System.out.println(priorities(true, 0.2, redisPort));
		System.out.println();
		System.out.println("## Tenants on the Redis store: two instances, each tenant's workers spread over both "
				+ "(limits as above)");
		System.out.println();
		System.out.println("| Setup | Tenant | Share of output tokens | Calls/min | Wait p50 | Wait p99 | "
				+ "Simulator 429s (all) |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|");
		tenants(0.4, redisPort).forEach(System.out::println);
	}

	private static String fallback(boolean withFallback) throws InterruptedException {
		SimulatedLimits smallLimits = SimulatedLimits.of(50, 40_000, 4_000);
		SimulatedLimits largeLimits = smallLimits.times(10);
		Run run = new Run(Map.of("small", smallLimits, "large", largeLimits), 0,
				(builder) -> builder.model(limits("small", smallLimits).fallbacks(List.of("large")).build())
					.model(limits("large", largeLimits).build()));
		for (int i = 0; i < 32; i++) {
			run.worker((request) -> withFallback ? request.model("small") : request.model("small").fallbacks(List.of()),
					"all", 0, 0);
		}
		run.execute();
		return String.format(Locale.ROOT, "| %s | %.1f | %d | %s | %s | %s | %s |",
				withFallback ? "fallbacks: [large]" : "no fallback", run.perMinute(run.completed("all")),
				run.rejections.sum(), run.modelColumn("small", smallLimits), run.modelColumn("large", largeLimits),
				seconds(run.waits("all"), 50), seconds(run.waits("all"), 99));
	}

	private static String priorities(boolean withPriorities, double reserve) throws InterruptedException {
		return priorities(withPriorities, reserve, 0);
	}

	/**
	 * The priorities scenario; on the Redis store when {@code redisPort} is set, the batch on
	 * one instance and the interactive users on the other.
	 */
	private static String priorities(boolean withPriorities, double reserve, int redisPort)
			throws InterruptedException {
		SimulatedLimits limits = SimulatedLimits.of(1_000, 100_000, 10_000);
		Run run = new Run(Map.of("m", limits), redisPort,
				(builder) -> builder.model(limits("m", limits).lowPriorityReserve(reserve).build()));
		Priority batch = withPriorities ? Priority.LOW : Priority.NORMAL;
		Priority interactive = withPriorities ? Priority.HIGH : Priority.NORMAL;
		for (int i = 0; i < 24; i++) {
			run.worker((request) -> request.model("m").priority(batch), "batch", 0, 0);
		}
		for (int i = 0; i < 4; i++) {
			run.worker((request) -> request.model("m").priority(interactive), "interactive", 5, 1);
		}
		run.execute();
		double batchUsed = run.outputTokens("batch") / (limits.outputTokensPerMinute() * (MEASURED.toSeconds() / 60.0));
		return String.format(Locale.ROOT, "| %s%s | %d | %s | %s | %.1f | %.1f%% | %.1f%% | %d |",
				(redisPort != 0) ? "Redis, 2 instances: " : "",
				withPriorities ? "interactive HIGH, batch LOW, low-priority-reserve " + reserve : "all NORMAL",
				run.completed("interactive"), seconds(run.waits("interactive"), 50),
				seconds(run.waits("interactive"), 99), run.perMinute(run.completed("batch")), 100 * batchUsed,
				100 * run.outputUsed("m", limits), run.rejections.sum());
	}

	/**
	 * The tenants scenario; on the Redis store when {@code redisPort} is set, each tenant's
	 * workers alternating between two instances.
	 */
	private static List<String> tenants(Double share, int redisPort) throws InterruptedException {
		SimulatedLimits limits = SimulatedLimits.of(1_000, 100_000, 10_000);
		Run run = new Run(Map.of("m", limits), redisPort, (builder) -> {
			ModelLimits.Builder model = limits("m", limits);
			if (share != null) {
				model.maxSharePerKey(share);
			}
			builder.model(model.build());
		});
		List<String> tenants = List.of("greedy", "acme", "globex", "initech");
		for (String tenant : tenants) {
			int workers = tenant.equals("greedy") ? 16 : 2;
			for (int i = 0; i < workers; i++) {
				run.worker((request) -> request.model("m").key(tenant), tenant, 0, i);
			}
		}
		run.execute();
		long total = tenants.stream().mapToLong(run::outputTokens).sum();
		List<String> rows = new ArrayList<>();
		for (String tenant : tenants) {
			rows.add(String.format(Locale.ROOT, "| %s%s | %s | %.1f%% | %.1f | %s | %s | %d |",
					(redisPort != 0) ? "Redis, 2 instances: " : "",
					(share != null) ? "max-share-per-key " + share : "no share cap", tenant,
					100.0 * run.outputTokens(tenant) / Math.max(1, total), run.perMinute(run.completed(tenant)),
					seconds(run.waits(tenant), 50), seconds(run.waits(tenant), 99), run.rejections.sum()));
		}
		return rows;
	}

	private static ModelLimits.Builder limits(String model, SimulatedLimits limits) {
		return ModelLimits.builder(model)
			.limit(Meter.REQUESTS_PER_MINUTE, limits.requestsPerMinute())
			.limit(Meter.INPUT_TOKENS_PER_MINUTE, limits.inputTokensPerMinute())
			.limit(Meter.OUTPUT_TOKENS_PER_MINUTE, limits.outputTokensPerMinute())
			.defaultMaxTokens(MAX_TOKENS);
	}

	private static String seconds(List<Long> nanos, int percentile) {
		if (nanos.isEmpty()) {
			return "-";
		}
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return String.format(Locale.ROOT, "%.2f s", sorted.get(Math.max(0, index)) / 1e9);
	}

	/** How one worker shapes its requests. */
	@FunctionalInterface
	private interface Shape {

		ReservationRequest.Builder apply(RequestStart start);

	}

	/** The start of a request: {@code model(...)} begins it. */
	private static final class RequestStart {

		private final long inputTokens;

		RequestStart(long inputTokens) {
			this.inputTokens = inputTokens;
		}

		ReservationRequest.Builder model(String model) {
			return ReservationRequest.builder(model)
				.inputTokens(this.inputTokens)
				.maxTokens(MAX_TOKENS)
				.maxWait(Duration.ofSeconds(30));
		}

	}

	/** One scenario run: a simulator, a limiter, workers, and what they counted. */
	private static final class Run {

		private final SimulatedTime time = new SimulatedTime(SCALE, Instant.parse("2026-12-06T10:00:00Z"));

		private final SimulatedProvider provider;

		/** One limiter per instance: one in memory, or two sharing a budget in Redis. */
		private final List<BudgetLimiter> limiters = new ArrayList<>();

		private final List<RedisBudgetStore> stores = new ArrayList<>();

		private final List<LettuceConnectionFactory> connections = new ArrayList<>();

		private final List<Runnable> workers = new ArrayList<>();

		private final Map<String, LongAdder> completed = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> outputByGroup = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> outputByModel = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> callsByModel = new ConcurrentHashMap<>();

		private final Map<String, List<Long>> waits = new ConcurrentHashMap<>();

		private final LongAdder rejections = new LongAdder();

		private volatile long measureFrom;

		private volatile long stopAt;

		/**
		 * Sets up a run: one limiter in memory, or, with a Redis port, two limiters whose
		 * stores share the budgets in that Redis.
		 */
		Run(Map<String, SimulatedLimits> models, int redisPort,
				java.util.function.Consumer<BudgetLimiter.Builder> configure) {
			SimulatedProvider.Builder provider = SimulatedProvider.builder().clock(this.time);
			models.forEach(provider::model);
			this.provider = provider.build();
			String keyPrefix = "routing-" + System.nanoTime();
			for (int i = 0; i < ((redisPort != 0) ? 2 : 1); i++) {
				BudgetLimiter.Builder builder = BudgetLimiter.builder()
					.timeSource(this.time)
					.admissionMargin(Duration.ofMillis(500));
				if (redisPort != 0) {
					builder.budgetFactory(store(redisPort, keyPrefix));
				}
				configure.accept(builder);
				this.limiters.add(builder.build());
			}
		}

		private RedisBudgetStore store(int port, String keyPrefix) {
			LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", port));
			connectionFactory.afterPropertiesSet();
			this.connections.add(connectionFactory);
			RedisBudgetStore store = RedisBudgetStore.builder(connectionFactory)
				.keyPrefix(keyPrefix)
				.admissionMargin(Duration.ofMillis(500))
				.timeSource(this.time)
				.scriptTime(this.time)
				.build();
			this.stores.add(store);
			return store;
		}

		/** Adds a worker of the instance numbered {@code instance} (modulo the instances). */
		void worker(Shape shape, String group, int pauseSeconds, int instance) {
			BudgetLimiter limiter = this.limiters.get(instance % this.limiters.size());
			this.workers.add(() -> work(limiter, shape, group, pauseSeconds));
		}

		void execute() throws InterruptedException {
			long start = this.time.nanoTime();
			this.measureFrom = start + WARM_UP.toNanos();
			this.stopAt = this.measureFrom + MEASURED.toNanos();
			ExecutorService executor = Executors.newFixedThreadPool(this.workers.size());
			this.workers.forEach(executor::execute);
			executor.shutdown();
			if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
				executor.shutdownNow();
				throw new IllegalStateException("Workers did not stop");
			}
			this.stores.forEach(RedisBudgetStore::close);
			this.connections.forEach(LettuceConnectionFactory::destroy);
		}

		private void work(BudgetLimiter limiter, Shape shape, String group, int pauseSeconds) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			if (pauseSeconds > 0) {
				sleep(random.nextLong(TimeUnit.SECONDS.toNanos(pauseSeconds)));
			}
			while (this.time.nanoTime() - this.stopAt < 0) {
				int chars = random.nextInt(2_000, 6_000);
				String prompt = "x".repeat(chars);
				long inputTokens = this.provider.tokens(prompt);
				long started = this.time.nanoTime();
				Reservation reservation;
				try {
					reservation = limiter.reserve(shape.apply(new RequestStart(inputTokens)).build());
				}
				catch (LlmRateLimitExceededException ex) {
					continue;
				}
				call(limiter, reservation, prompt, group, started);
				if (pauseSeconds > 0) {
					sleep(TimeUnit.SECONDS.toNanos(pauseSeconds));
				}
			}
		}

		private void call(BudgetLimiter limiter, Reservation reservation, String prompt, String group,
				long started) {
			Admission admission = this.provider.admit(new SimulatedRequest(reservation.model(), prompt, MAX_TOKENS));
			if (admission instanceof Rejection rejection) {
				this.rejections.increment();
				reservation.cancel();
				limiter.observe(reservation.model(), new ProviderResponse(429,
						Map.of("retry-after", List.of(Long.toString(rejection.retryAfterSeconds()))), null));
				return;
			}
			SimulatedCall call = (SimulatedCall) admission;
			sleep(Duration.ofMillis(400).toNanos() + call.outputTokens() * 1_000_000_000L / 60);
			SimulatedReply reply = call.complete();
			reservation.complete(LlmUsage.of(reply.inputTokens(), reply.outputTokens()));
			long now = this.time.nanoTime();
			if (now - this.measureFrom >= 0 && now - this.stopAt < 0) {
				count(this.completed, group, 1);
				count(this.outputByGroup, group, reply.outputTokens());
				count(this.outputByModel, reservation.model(), reply.outputTokens());
				count(this.callsByModel, reservation.model(), 1);
				this.waits.computeIfAbsent(group, (key) -> Collections.synchronizedList(new ArrayList<>()))
					.add(reservation.waited().toNanos());
			}
		}

		private void sleep(long simulatedNanos) {
			try {
				TimeUnit.NANOSECONDS.sleep(this.time.toRealNanos(simulatedNanos));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static void count(Map<String, LongAdder> counters, String key, long amount) {
			counters.computeIfAbsent(key, (k) -> new LongAdder()).add(amount);
		}

		long completed(String group) {
			LongAdder count = this.completed.get(group);
			return (count != null) ? count.sum() : 0;
		}

		long outputTokens(String group) {
			LongAdder count = this.outputByGroup.get(group);
			return (count != null) ? count.sum() : 0;
		}

		List<Long> waits(String group) {
			return this.waits.getOrDefault(group, List.of());
		}

		double perMinute(long count) {
			return count / (MEASURED.toSeconds() / 60.0);
		}

		double outputUsed(String model, SimulatedLimits limits) {
			LongAdder output = this.outputByModel.get(model);
			double served = (output != null) ? output.sum() : 0;
			return served / (limits.outputTokensPerMinute() * (MEASURED.toSeconds() / 60.0));
		}

		String modelColumn(String model, SimulatedLimits limits) {
			LongAdder calls = this.callsByModel.get(model);
			return String.format(Locale.ROOT, "%.1f, %.1f%%", perMinute((calls != null) ? calls.sum() : 0),
					100 * outputUsed(model, limits));
		}

	}

}
