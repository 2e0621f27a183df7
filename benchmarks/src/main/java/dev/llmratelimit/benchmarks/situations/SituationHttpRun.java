package dev.llmratelimit.benchmarks.situations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.benchmarks.utilization.Prompt;
import dev.llmratelimit.benchmarks.utilization.SimulatedTime;
import dev.llmratelimit.benchmarks.utilization.Workload;
import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.MeterStatistics;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a {@link Situation} with real threads over real HTTP, at real time or a time scale:
 * 32 workers reserve through llm-ratelimit's limiters, one per application instance
 * (waiting as long as they say), send the Messages API request to the kit's simulated provider server, report the
 * response to the reservation as the starter's HTTP hook does, and settle. Unlike
 * {@link SituationRun}, it shows the latency between an admission here and the provider's
 * charge, and it is not deterministic.
 */
public final class SituationHttpRun {

	private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Situation situation;

	private final SimulatedTime time;

	private final SimulatedProvider provider;

	private final List<? extends LlmRateLimiter> limiters;

	private final Workload workload = Situation.workload();

	private final ExecutorService httpExecutor = Executors.newCachedThreadPool();

	private final HttpClient http = HttpClient.newBuilder().executor(this.httpExecutor).build();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong rejectedInRun = new AtomicLong();

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong servedOutput = new AtomicLong();

	private final long windowStart;

	private final long windowEnd;

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	private volatile boolean stopping;

	private URI messages;

	/**
	 * Prepares a run with the situation's instances, each an in-memory limiter
	 * ({@link Situation#limiter}).
	 * @param situation what the provider does
	 * @param scale simulated seconds per real second, 1 for real time
	 */
	public SituationHttpRun(Situation situation, int scale) {
		this(situation, scale, (time) -> IntStream.range(0, situation.instances())
			.mapToObj((i) -> Situation.limiter(time, Duration.ofHours(1)))
			.toList());
	}

	/**
	 * Prepares a run with given limiters, one per application instance, such as limiters
	 * sharing a Redis store; the workers are spread over them.
	 * @param situation what the provider does
	 * @param scale simulated seconds per real second, 1 for real time
	 * @param instances creates the instances' limiters on the run's clock
	 */
	public SituationHttpRun(Situation situation, int scale,
			Function<SimulatedTime, List<? extends LlmRateLimiter>> instances) {
		this.situation = situation;
		this.time = new SimulatedTime(scale, EPOCH);
		SimulatedLimits limits = Situation.LIMITS;
		this.provider = situation.provider()
			.apply(SimulatedProvider.builder()
				.model(Situation.MODEL, limits)
				.model(Situation.SECOND_MODEL, limits.times(100))
				.clock(this.time))
			.build();
		this.limiters = instances.apply(this.time);
		this.windowStart = this.time.nanoTime() + situation.measuredFrom().toNanos();
		this.windowEnd = this.windowStart + SituationRun.MEASURED.toNanos();
	}

	/**
	 * Runs until the end of the measured minute.
	 * @return what the minute gave
	 * @throws InterruptedException if interrupted while waiting for the window's end
	 */
	public SituationResult run() throws InterruptedException {
		try (SimulatedProviderServer server = SimulatedProviderServer.builder(this.provider)
			.clock(this.time)
			.latency(Situation.LATENCY)
			.start()) {
			this.messages = URI.create(server.baseUrl() + "/v1/messages");
			ExecutorService workers = Executors.newFixedThreadPool(SituationRun.WORKERS);
			for (int i = 0; i < SituationRun.WORKERS; i++) {
				SplittableRandom random = new SplittableRandom(1000L + i);
				LlmRateLimiter limiter = this.limiters.get(i % this.limiters.size());
				workers.execute(() -> work(limiter, random));
			}
			Capacity capacity = new Capacity();
			capacity.sampleUntil(this.windowStart);
			double neighbourAtStart = neighbourSpent();
			double heldAtStart = outputHeld();
			capacity.startedWith(this.provider.limits(Situation.MODEL).outputTokensPerMinute());
			capacity.sampleUntil(this.windowEnd);
			double served = this.servedOutput.get() + neighbourSpent() - neighbourAtStart;
			double given = capacity.given + heldAtStart - outputHeld();
			this.stopping = true;
			workers.shutdownNow();
			workers.awaitTermination(1, TimeUnit.MINUTES);
			this.httpExecutor.shutdownNow();
			if (this.failure.get() != null) {
				throw new IllegalStateException("A worker failed during the run", this.failure.get());
			}
			return new SituationResult(this.situation.name(), this.calls.get(), this.rejected.get(),
					this.rejectedInRun.get(), this.completed.get(), Math.round(1000 * served / given) / 10.0);
		}
	}

	private void work(LlmRateLimiter limiter, SplittableRandom random) {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Prompt prompt = this.workload.next(random);
				boolean done = false;
				while (!done) {
					done = attempt(limiter, prompt);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.stopping) {
				this.failure.compareAndSet(null, ex);
			}
		}
	}

	private boolean attempt(LlmRateLimiter limiter, Prompt prompt) throws IOException, InterruptedException {
		Reservation reservation = limiter.reserve(Situation.MODEL, prompt.estimatedInputTokens(),
				prompt.maxTokens());
		try {
			if (this.situation.secondModel()) {
				// with the model its request names, as the starter's HTTP hook reports it
				reservation.requestSent(Situation.SECOND_MODEL);
				reservation.observe(Situation.SECOND_MODEL, send(Situation.SECOND_MODEL, prompt.text(), 100).response());
			}
			reservation.requestSent(Situation.MODEL);
			Sent sent = send(Situation.MODEL, prompt.text(), prompt.maxTokens());
			boolean inWindow = inWindow();
			this.calls.addAndGet(inWindow ? 1 : 0);
			reservation.observe(sent.response());
			if (sent.response().status() == 429) {
				this.rejected.addAndGet(inWindow ? 1 : 0);
				this.rejectedInRun.incrementAndGet();
				reservation.fail(new IllegalStateException("429 from the provider"));
				return false;
			}
			JsonNode usage = sent.body().path("usage");
			long output = usage.path("output_tokens").asLong();
			reservation.complete(LlmUsage.of(usage.path("input_tokens").asLong(), output));
			if (inWindow()) {
				this.completed.incrementAndGet();
				this.servedOutput.addAndGet(output);
			}
			return true;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			reservation.fail(ex);
			throw ex;
		}
	}

	private Sent send(String model, String text, long maxTokens) throws IOException, InterruptedException {
		ObjectNode body = JSON.createObjectNode();
		body.put("model", model);
		body.put("max_tokens", maxTokens);
		ObjectNode message = body.putArray("messages").addObject();
		message.put("role", "user");
		message.put("content", text);
		HttpRequest request = HttpRequest.newBuilder(this.messages)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(response.headers().map());
		// written in real milliseconds for time-scaled SDKs; the limiter reads simulated time
		headers.remove("retry-after-ms");
		return new Sent(new ProviderResponse(response.statusCode(), headers, response.body()),
				JSON.readTree(response.body()));
	}

	private boolean inWindow() {
		long now = this.time.nanoTime();
		return now >= this.windowStart && now < this.windowEnd;
	}

	private double neighbourSpent() {
		return this.provider.statistics(Situation.MODEL).meters().get(SimulatedMeter.OUTPUT_TOKENS).neighbourConsumed();
	}

	private double outputHeld() {
		ModelStatistics statistics = this.provider.statistics(Situation.MODEL);
		MeterStatistics output = statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS);
		return output.level() + output.consumed() - output.neighbourConsumed() - statistics.outputTokens();
	}

	private record Sent(ProviderResponse response, JsonNode body) {
	}

	/** What the output meter gave in the window: its refill at the limit in force and the raises. */
	private final class Capacity {

		private double given;

		private long lastLimit = SituationHttpRun.this.provider.limits(Situation.MODEL).outputTokensPerMinute();

		private long sampledAt = SituationHttpRun.this.time.nanoTime();

		/** The window starts: what the meter holds now includes any raise so far. */
		void startedWith(long limit) {
			this.lastLimit = limit;
		}

		void sampleUntil(long end) throws InterruptedException {
			SimulatedTime time = SituationHttpRun.this.time;
			while (time.nanoTime() < end) {
				time.sleep(Duration.ofMillis(100));
				long now = Math.min(time.nanoTime(), end);
				long limit = SituationHttpRun.this.provider.limits(Situation.MODEL).outputTokensPerMinute();
				long from = Math.max(this.sampledAt, SituationHttpRun.this.windowStart);
				if (now > from) {
					this.given += this.lastLimit * ((now - from) / 60e9);
					if (limit > this.lastLimit) {
						this.given += limit - this.lastLimit;
					}
				}
				this.lastLimit = limit;
				this.sampledAt = now;
			}
		}

	}

}
