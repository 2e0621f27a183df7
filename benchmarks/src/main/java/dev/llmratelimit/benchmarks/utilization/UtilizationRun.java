package dev.llmratelimit.benchmarks.utilization;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedProvider;

/**
 * Runs one strategy against a fresh simulator: the workers call it one call after the
 * other through warm-up and the measured window, then the window is read from the
 * simulator's counters.
 */
final class UtilizationRun {

	private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	private final Scenario scenario;

	private final ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();

	private final AtomicLong givenUp = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private volatile long windowStart = Long.MAX_VALUE;

	private volatile long windowEnd = Long.MAX_VALUE;

	UtilizationRun(Scenario scenario) {
		this.scenario = scenario;
	}

	StrategyResult run(String label, String name, StrategyFactory factory) throws IOException, InterruptedException {
		SimulatedTime time = new SimulatedTime(this.scenario.scale(), EPOCH);
		SimulatedProvider provider = SimulatedProvider.builder()
			.model(this.scenario.model(), this.scenario.limits())
			.clock(time)
			.build();
		try (SimulatedProviderServer server = SimulatedProviderServer.builder(provider)
			.clock(time)
			.latency(this.scenario.latency())
			.start();
				Strategy strategy = factory.create(server.baseUrl(), time)) {
			long start = time.nanoTime();
			this.windowStart = start + this.scenario.warmUp().toNanos();
			this.windowEnd = this.windowStart + this.scenario.measured().toNanos();
			ExecutorService workers = Executors.newFixedThreadPool(this.scenario.workers());
			for (int i = 0; i < this.scenario.workers(); i++) {
				SplittableRandom random = new SplittableRandom(1000L + i);
				workers.execute(() -> work(strategy, time, random));
			}
			sleepUntil(time, this.windowStart);
			ServedCounters first = ServedCounters.of(time.nanoTime(), provider.statistics(this.scenario.model()));
			sleepUntil(time, this.windowEnd);
			ServedCounters last = ServedCounters.of(time.nanoTime(), provider.statistics(this.scenario.model()));
			// let calls in flight finish: an interrupted call would leave the simulator
			// holding a reservation its client has given back
			this.stopping.set(true);
			workers.shutdown();
			if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
				workers.shutdownNow();
			}
			return result(label, name, last.since(first), last);
		}
	}

	private void work(Strategy strategy, SimulatedTime time, SplittableRandom random) {
		while (!this.stopping.get()) {
			Prompt prompt = this.scenario.workload().next(random);
			long start = time.nanoTime();
			try {
				Outcome outcome = strategy.call(prompt);
				record(outcome, start, time.nanoTime());
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (this.stopping.get()) {
					return;
				}
				if (this.errors.getAndIncrement() == 0) {
					ex.printStackTrace();
				}
			}
		}
	}

	private void record(Outcome outcome, long start, long end) {
		if (end < this.windowStart || end > this.windowEnd) {
			return;
		}
		if (!outcome.completed()) {
			this.givenUp.incrementAndGet();
			return;
		}
		Duration service = this.scenario.latency().latency(outcome.inputTokens(), outcome.outputTokens());
		this.waits.add(Math.max(0, end - start - service.toNanos()));
	}

	private StrategyResult result(String label, String name, ServedCounters window, ServedCounters run) {
		double minutes = window.atNanos() / 60e9;
		SimulatedLimits limits = this.scenario.limits();
		long[] waited = this.waits.stream().mapToLong(Long::longValue).toArray();
		return new StrategyResult(label, name, window.completed() / minutes, window.outputTokens() / minutes,
				window.outputUtilization(limits.outputTokensPerMinute()),
				window.inputTokens() / (limits.inputTokensPerMinute() * minutes),
				window.completed() / (limits.requestsPerMinute() * minutes), run.rejected(), run.rejectedBy(),
				window.rejected(), this.givenUp.get(),
				WaitStatistics.percentile(waited, 50), WaitStatistics.percentile(waited, 99), this.errors.get());
	}

	private static void sleepUntil(SimulatedTime time, long simulatedNanos) throws InterruptedException {
		long remaining = simulatedNanos - time.nanoTime();
		if (remaining > 0) {
			time.sleep(Duration.ofNanos(remaining));
		}
	}

}
