package dev.llmratelimit.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.core.internal.ManualTimeSource;
import dev.llmratelimit.test.simulator.Admission;
import dev.llmratelimit.test.simulator.Rejection;
import dev.llmratelimit.test.simulator.SimulatedCall;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.SimulatedReply;
import dev.llmratelimit.test.simulator.SimulatedRequest;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;

/**
 * Drives a fixed number of users that call one model back to back, each call reserved
 * through the limiter (never waiting: a refused reservation moves the clock to when it
 * could fit) and answered by the in-process simulator after a fixed latency. Responses
 * reach the limiter as an HTTP hook would report them (through the reservation), then the
 * call is settled with the usage the provider reported. Single-threaded and driven by a
 * {@link ManualTimeSource}: a minute of traffic runs in well under a second, deterministically.
 */
final class SimulatedTraffic {

	private static final String REFUSAL_BODY = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
			+ "\"message\":\"Rate limited\"}}";

	private static final String TEXT = "The quick brown fox jumps over the lazy dog while a token bucket refills. ";

	private final ManualTimeSource clock;

	private final LlmRateLimiter limiter;

	private final SimulatedProvider provider;

	private final String model;

	private final TokenEstimator estimator = new CharacterRatioTokenEstimator();

	private final SplittableRandom random = new SplittableRandom(42);

	private int users = 50;

	private long latencyNanos = Duration.ofMillis(200).toNanos();

	private long maxTokens = 300;

	private int minPromptChars = 400;

	private int maxPromptChars = 4000;

	SimulatedTraffic(ManualTimeSource clock, LlmRateLimiter limiter, SimulatedProvider provider, String model) {
		this.clock = clock;
		this.limiter = limiter;
		this.provider = provider;
		this.model = model;
	}

	/**
	 * Runs the users for a span of simulated time.
	 * @param span how long
	 * @return what happened
	 */
	Result run(Duration span) {
		long end = this.clock.nanoTime() + span.toNanos();
		PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.completesAt, b.completesAt));
		Result result = new Result();
		while (this.clock.nanoTime() < end) {
			long retryAt = Long.MAX_VALUE;
			while (inFlight.size() < this.users) {
				String prompt = prompt();
				Reservation reservation;
				try {
					reservation = this.limiter.reserve(this.model, this.estimator.estimate(this.model, prompt),
							this.maxTokens, Duration.ZERO);
				}
				catch (LlmRateLimitExceededException ex) {
					retryAt = this.clock.nanoTime() + Math.max(ex.retryAfter().toNanos(), 1_000_000);
					break;
				}
				result.sent.add(this.clock.nanoTime());
				Admission admission = this.provider.admit(new SimulatedRequest(this.model, prompt, this.maxTokens));
				if (admission instanceof Rejection rejection) {
					result.refused(this.clock.nanoTime(), rejection.retryAfterSeconds(), inputEstimateRatio());
					reservation.observe(new ProviderResponse(429, multi(rejection.headers()), REFUSAL_BODY));
					reservation.fail(new IllegalStateException("429 " + rejection.message()));
				}
				else {
					inFlight.add(new InFlight(reservation, (SimulatedCall) admission,
							this.clock.nanoTime() + this.latencyNanos));
				}
			}
			long next = Math.min(retryAt, inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().completesAt);
			this.clock.advanceTo(Math.min(next, end));
			while (!inFlight.isEmpty() && inFlight.peek().completesAt <= this.clock.nanoTime()) {
				InFlight call = inFlight.poll();
				SimulatedReply reply = call.call.complete();
				call.reservation.observe(ProviderResponse.ok(multi(reply.headers())));
				call.reservation.complete(LlmUsage.of(reply.inputTokens(), reply.outputTokens()));
			}
		}
		return result;
	}

	private double inputEstimateRatio() {
		return this.limiter.headroom(this.model).map((headroom) -> headroom.inputEstimateRatio()).orElse(1.0);
	}

	private String prompt() {
		int length = this.random.nextInt(this.minPromptChars, this.maxPromptChars + 1);
		StringBuilder prompt = new StringBuilder(length);
		while (prompt.length() < length) {
			prompt.append(TEXT);
		}
		prompt.setLength(length);
		return prompt.toString();
	}

	private static Map<String, List<String>> multi(Map<String, String> headers) {
		Map<String, List<String>> multi = new LinkedHashMap<>();
		headers.forEach((name, value) -> multi.put(name, List.of(value)));
		return multi;
	}

	private record InFlight(Reservation reservation, SimulatedCall call, long completesAt) {
	}

	/**
	 * What a run did.
	 */
	static final class Result {

		private final List<Long> sent = new ArrayList<>();

		private final List<Refusal> refusals = new ArrayList<>();

		void refused(long at, long retryAfterSeconds, double inputEstimateRatio) {
			this.refusals.add(
					new Refusal(at, Duration.ofSeconds(retryAfterSeconds), inputEstimateRatio, this.sent.size() - 1));
		}

		/**
		 * Send times of every request, in nanos of the shared clock.
		 * @return the send times, in order
		 */
		List<Long> sent() {
			return this.sent;
		}

		/**
		 * Requests answered 429.
		 * @return the refusals, in order
		 */
		List<Refusal> refusals() {
			return this.refusals;
		}

		/**
		 * Fraction of requests answered 429.
		 * @return the rate
		 */
		double refusalRate() {
			return this.sent.isEmpty() ? 0 : (double) this.refusals.size() / this.sent.size();
		}

	}

	/**
	 * A request answered 429.
	 *
	 * @param at when, in nanos of the shared clock
	 * @param retryAfter the retry-after it carried
	 * @param inputEstimateRatio the limiter's input estimate ratio at the time
	 * @param sentIndex the position of the refused request in {@link Result#sent()}
	 */
	record Refusal(long at, Duration retryAfter, double inputEstimateRatio, int sentIndex) {
	}

}
