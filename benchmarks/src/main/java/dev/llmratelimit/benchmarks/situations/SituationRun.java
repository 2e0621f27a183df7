package dev.llmratelimit.benchmarks.situations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Function;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.benchmarks.utilization.Prompt;
import dev.llmratelimit.benchmarks.utilization.Workload;
import dev.llmratelimit.core.TimeSource;
import dev.llmratelimit.core.internal.BudgetFactory;
import dev.llmratelimit.core.internal.BudgetLimiter;
import dev.llmratelimit.test.simulator.Admission;
import dev.llmratelimit.test.simulator.MeterStatistics;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedMeter;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedReply;
import dev.llmratelimit.test.simulator.SimulatedRequest;

/**
 * Runs a {@link Situation} deterministically: 32 workers call the model back to back
 * through llm-ratelimit's {@link BudgetLimiter} ({@link Situation#limiter}, one per instance), the in-process
 * simulated provider answers after a latency, and one {@link ManualTime} moves from event
 * to event. Every response reaches the limiter through the reservation in progress, as the
 * starter's HTTP hook reports it, before the call is settled. A refused reservation never
 * waits: its worker comes back when the limiter says it could fit. Minutes of traffic take
 * milliseconds and always end the same.
 */
public final class SituationRun {

	/** Workers calling back to back. */
	public static final int WORKERS = 32;

	/** Length of the measured window. */
	public static final Duration MEASURED = Duration.ofMinutes(1);

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final String REFUSAL_BODY = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
			+ "\"message\":\"Rate limited\"}}";

	private final Situation situation;

	private final ManualTime clock = new ManualTime();

	private final Workload workload = Situation.workload();

	private final SimulatedProvider provider;

	private final List<BudgetLimiter> limiters = new ArrayList<>();

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private final long windowStart;

	private final long windowEnd;

	private long sequence;

	private long calls;

	private long rejected;

	private long rejectedInRun;

	private long completed;

	private long servedOutput;

	private double capacity;

	private long lastLimit;

	/**
	 * Prepares a run.
	 * @param situation what the provider does
	 */
	public SituationRun(Situation situation) {
		this(situation, (clock) -> null);
	}

	/**
	 * Prepares a run whose instances keep their budgets in stores of their own, such as
	 * Redis stores sharing one budget.
	 * @param situation what the provider does
	 * @param stores creates each instance's store on the run's clock ({@code null} for memory)
	 */
	public SituationRun(Situation situation, Function<TimeSource, BudgetFactory> stores) {
		this.situation = situation;
		SimulatedLimits limits = Situation.LIMITS;
		this.provider = situation.provider()
			.apply(SimulatedProvider.builder()
				.model(Situation.MODEL, limits)
				.model(Situation.SECOND_MODEL, limits.times(100))
				.clock(this.clock))
			.build();
		for (int i = 0; i < situation.instances(); i++) {
			this.limiters.add(Situation.limiter(this.clock, Duration.ZERO, stores.apply(this.clock)));
		}
		long start = this.clock.nanoTime();
		this.windowStart = start + situation.measuredFrom().toNanos();
		this.windowEnd = this.windowStart + MEASURED.toNanos();
	}

	/**
	 * Runs until the end of the measured minute.
	 * @return what the minute gave
	 */
	public SituationResult run() {
		for (int i = 0; i < WORKERS; i++) {
			BudgetLimiter limiter = this.limiters.get(i % this.limiters.size());
			schedule(this.clock.nanoTime(), new Worker(limiter, new SplittableRandom(1000L + i)), null);
		}
		double neighbourAtStart = 0;
		double heldAtStart = 0;
		this.lastLimit = this.provider.limits(Situation.MODEL).outputTokensPerMinute();
		long nextTick = this.clock.nanoTime() + SECOND;
		while (this.clock.nanoTime() < this.windowEnd) {
			long next = Math.min(this.events.isEmpty() ? Long.MAX_VALUE : this.events.peek().at(), nextTick);
			next = Math.min(next, this.windowEnd);
			advanceTo(next);
			if (next == nextTick) {
				nextTick += SECOND;
			}
			if (next == this.windowStart) {
				neighbourAtStart = neighbourSpent();
				heldAtStart = outputHeld();
			}
			while (!this.events.isEmpty() && this.events.peek().at() <= this.clock.nanoTime()) {
				Event event = this.events.poll();
				if (event.call() == null) {
					event.worker().ready();
				}
				else if (event.call().second()) {
					event.worker().secondModelAnswered(event.call());
				}
				else {
					event.worker().completed(event.call());
				}
			}
		}
		double served = this.servedOutput + neighbourSpent() - neighbourAtStart;
		// what the meter gave: its refill, the raises, and what it held at the start but no longer
		double given = this.capacity + heldAtStart - outputHeld();
		double percent = Math.round(1000 * served / given) / 10.0;
		return new SituationResult(this.situation.name(), this.calls, this.rejected, this.rejectedInRun,
				this.completed, percent);
	}

	private void advanceTo(long next) {
		long now = this.clock.nanoTime();
		if (next > now) {
			long from = Math.max(now, this.windowStart);
			long to = Math.min(next, this.windowEnd);
			// the limit read at the start of a step of at most a second: changes happen on whole seconds
			long limit = this.provider.limits(Situation.MODEL).outputTokensPerMinute();
			// a raise at the window's start is already in what the meter held then
			if (now > this.windowStart && now < this.windowEnd && limit > this.lastLimit) {
				this.capacity += limit - this.lastLimit;
			}
			this.lastLimit = limit;
			if (to > from) {
				this.capacity += limit * ((to - from) / 60e9);
			}
			this.clock.advanceTo(next);
		}
	}

	private double neighbourSpent() {
		return this.provider.statistics(Situation.MODEL).meters().get(SimulatedMeter.OUTPUT_TOKENS).neighbourConsumed();
	}

	/** The output meter's level plus the max_tokens it keeps reserved for calls in flight. */
	private double outputHeld() {
		ModelStatistics statistics = this.provider.statistics(Situation.MODEL);
		MeterStatistics output = statistics.meters().get(SimulatedMeter.OUTPUT_TOKENS);
		return output.level() + output.consumed() - output.neighbourConsumed() - statistics.outputTokens();
	}

	private boolean inWindow() {
		long now = this.clock.nanoTime();
		return now >= this.windowStart && now < this.windowEnd;
	}

	private void schedule(long at, Worker worker, InFlight call) {
		this.events.add(new Event(at, this.sequence++, worker, call));
	}

	private static Map<String, List<String>> multi(Map<String, String> headers) {
		Map<String, List<String>> multi = new LinkedHashMap<>();
		headers.forEach((name, value) -> multi.put(name, List.of(value)));
		return multi;
	}

	/** One user calling the model back to back. */
	private final class Worker {

		private final BudgetLimiter limiter;

		private final SplittableRandom random;

		private Prompt prompt;

		Worker(BudgetLimiter limiter, SplittableRandom random) {
			this.limiter = limiter;
			this.random = random;
		}

		void ready() {
			SituationRun run = SituationRun.this;
			if (this.prompt == null) {
				this.prompt = run.workload.next(this.random);
			}
			long now = run.clock.nanoTime();
			Reservation reservation;
			try {
				reservation = this.limiter.reserve(Situation.MODEL, this.prompt.estimatedInputTokens(),
						this.prompt.maxTokens(), Duration.ZERO);
			}
			catch (LlmRateLimitExceededException ex) {
				schedule(now + Math.max(ex.retryAfter().toNanos(), 1_000_000), this, null);
				return;
			}
			if (run.situation.secondModel()) {
				callSecondModel(reservation);
			}
			else {
				callModel(reservation);
			}
		}

		/** The unguarded call to the second model, answered after its latency. */
		private void callSecondModel(Reservation reservation) {
			SituationRun run = SituationRun.this;
			reservation.requestSent(Situation.SECOND_MODEL);
			Admission admission = run.provider
				.admit(new SimulatedRequest(Situation.SECOND_MODEL, this.prompt.text(), 100));
			if (admission instanceof SimulatedCall call) {
				long latency = Situation.LATENCY.latency(call.inputTokens(), call.outputTokens()).toNanos();
				schedule(run.clock.nanoTime() + latency, this, new InFlight(reservation, call, true));
			}
			else {
				reservation.observe(Situation.SECOND_MODEL,
						new ProviderResponse(429, multi(admission.headers()), REFUSAL_BODY));
				callModel(reservation);
			}
		}

		/**
		 * Its headers reach the reservation in progress with the model its request names, as
		 * the starter's HTTP hook reports them; then the guarded call goes out (the hook tells
		 * the reservation when each request leaves).
		 */
		void secondModelAnswered(InFlight call) {
			call.reservation()
				.observe(Situation.SECOND_MODEL, ProviderResponse.ok(multi(call.call().complete().headers())));
			callModel(call.reservation());
		}

		private void callModel(Reservation reservation) {
			SituationRun run = SituationRun.this;
			long now = run.clock.nanoTime();
			reservation.requestSent(Situation.MODEL);
			Admission admission = run.provider
				.admit(new SimulatedRequest(Situation.MODEL, this.prompt.text(), this.prompt.maxTokens()));
			run.calls += inWindow() ? 1 : 0;
			if (admission instanceof Rejection rejection) {
				run.rejected += inWindow() ? 1 : 0;
				run.rejectedInRun++;
				reservation.observe(new ProviderResponse(429, multi(rejection.headers()), REFUSAL_BODY));
				reservation.fail(new IllegalStateException("429 " + rejection.message()));
				schedule(now + 1_000_000, this, null);
				return;
			}
			SimulatedCall call = (SimulatedCall) admission;
			long latency = Situation.LATENCY.latency(call.inputTokens(), call.outputTokens()).toNanos();
			schedule(now + latency, this, new InFlight(reservation, call, false));
		}

		void completed(InFlight call) {
			SituationRun run = SituationRun.this;
			SimulatedReply reply = call.call().complete();
			call.reservation().observe(ProviderResponse.ok(multi(reply.headers())));
			call.reservation().complete(LlmUsage.of(reply.inputTokens(), reply.outputTokens()));
			if (inWindow()) {
				run.completed++;
				run.servedOutput += reply.outputTokens();
			}
			this.prompt = null;
			schedule(run.clock.nanoTime(), this, null);
		}

	}

	private record InFlight(Reservation reservation, SimulatedCall call, boolean second) {
	}

	private record Event(long at, long sequence, Worker worker, InFlight call) implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
