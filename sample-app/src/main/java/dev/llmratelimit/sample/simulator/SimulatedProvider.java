package dev.llmratelimit.sample.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An LLM provider that meters requests like the Anthropic Messages API: per model,
 * continuously refilling token buckets for requests, input tokens and output tokens per
 * minute (and optionally all tokens per minute). Admission reserves the input and
 * {@code max_tokens}, completion reconciles to the actual output, a request that does not
 * fit is rejected with a {@code retry-after}, and every response carries the
 * {@code anthropic-ratelimit-*} headers. Models without limits are served without limits
 * and without rate-limit headers.
 * <p>
 * Thread safe. Time comes from the given nano clock, so tests can drive it by hand.
 */
public final class SimulatedProvider {

	private final Map<String, SimulatedLimits> limits;

	private final Tokenizer tokenizer;

	private final OutputLengthModel outputLength;

	private final OutputAccounting outputAccounting;

	private final LongSupplier nanoTime;

	private final Instant wallAnchor;

	private final long nanoAnchor;

	private final ConcurrentMap<String, ModelMeters> meters = new ConcurrentHashMap<>();

	private final AtomicLong requestIds = new AtomicLong();

	private SimulatedProvider(Builder builder) {
		this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.limits));
		this.tokenizer = builder.tokenizer;
		this.outputLength = builder.outputLength;
		this.outputAccounting = builder.outputAccounting;
		this.nanoTime = builder.nanoTime;
		this.nanoAnchor = this.nanoTime.getAsLong();
		this.wallAnchor = builder.wallClock.instant();
	}

	/**
	 * Starts building a provider.
	 * @return a builder with no models, four characters per token, answers of 5% to 30% of
	 * {@code max_tokens}, reservation of {@code max_tokens} and the system clock
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Offers a request: either it is admitted and its budget reserved, or it is rejected
	 * and nothing is charged.
	 * @param request the request
	 * @return a {@link SimulatedCall} to complete, or a {@link Rejection}
	 */
	public Admission admit(SimulatedRequest request) {
		long now = this.nanoTime.getAsLong();
		ModelMeters model = meters(request.model());
		String requestId = "req_sim" + String.format("%017d", this.requestIds.incrementAndGet());
		long inputTokens = this.tokenizer.count(request.prompt());
		ModelMeters.Verdict verdict = model.admit(inputTokens, request.maxTokens(), now, wallTime(now));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("request-id", requestId);
		ModelMeters.Refusal refusal = verdict.refusal();
		if (refusal == null) {
			headers.putAll(verdict.headers());
			long outputTokens = this.outputLength.outputTokens(request.prompt(), request.maxTokens());
			return new SimulatedCall(requestId, request, inputTokens, outputTokens,
					Collections.unmodifiableMap(headers), model, this);
		}
		Duration retryAfter = Duration.ofNanos(refusal.waitNanos());
		headers.put("retry-after", Long.toString(Rejection.retryAfterSeconds(retryAfter)));
		headers.put("x-should-retry", "true");
		headers.putAll(verdict.headers());
		return new Rejection(requestId, request.model(), refusal.meter(), retryAfter, refusal.neverFits(),
				Collections.unmodifiableMap(headers));
	}

	/**
	 * Tokens the provider bills for a text.
	 * @param text the text
	 * @return the token count
	 */
	public long tokens(String text) {
		return this.tokenizer.count(text);
	}

	/**
	 * The tokenizer, which also tells how many characters an answer of a given length has.
	 * @return the tokenizer
	 */
	public Tokenizer tokenizer() {
		return this.tokenizer;
	}

	/**
	 * The models with limits.
	 * @return the configured model ids
	 */
	public Set<String> models() {
		return this.limits.keySet();
	}

	/**
	 * The limits of a model.
	 * @param model the model id
	 * @return its limits, all zero for a model without limits
	 */
	public SimulatedLimits limits(String model) {
		return this.limits.getOrDefault(model, new SimulatedLimits(0, 0, 0, 0));
	}

	/**
	 * What a model has seen so far.
	 * @param model the model id
	 * @return its counters and meter statistics
	 */
	public ModelStatistics statistics(String model) {
		return meters(model).statistics(this.nanoTime.getAsLong());
	}

	Map<String, String> settle(String requestId, ModelMeters model, long maxTokens, long outputTokens) {
		long now = this.nanoTime.getAsLong();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("request-id", requestId);
		headers.putAll(model.settle(maxTokens, outputTokens, now, wallTime(now)));
		return Collections.unmodifiableMap(headers);
	}

	private Instant wallTime(long nanos) {
		return this.wallAnchor.plusNanos(nanos - this.nanoAnchor);
	}

	private ModelMeters meters(String model) {
		return this.meters.computeIfAbsent(model,
				(id) -> new ModelMeters(limits(id), this.outputAccounting, this.nanoTime.getAsLong()));
	}

	/**
	 * Builds a {@link SimulatedProvider}.
	 */
	public static final class Builder {

		private final Map<String, SimulatedLimits> limits = new LinkedHashMap<>();

		private Tokenizer tokenizer = Tokenizer.DEFAULT;

		private OutputLengthModel outputLength = OutputLengthModel.standard();

		private OutputAccounting outputAccounting = OutputAccounting.RESERVE_MAX_TOKENS;

		private LongSupplier nanoTime = System::nanoTime;

		private Clock wallClock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Adds a model with its limits.
		 * @param model the model id
		 * @param limits its limits
		 * @return this builder
		 */
		public Builder model(String model, SimulatedLimits limits) {
			this.limits.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(limits, "limits"));
			return this;
		}

		/**
		 * Sets how many characters make a token.
		 * @param charsPerToken characters per token, such as 3.5
		 * @return this builder
		 */
		public Builder charsPerToken(double charsPerToken) {
			this.tokenizer = new Tokenizer(charsPerToken);
			return this;
		}

		/**
		 * Sets how long answers are.
		 * @param outputLength the output length model
		 * @return this builder
		 */
		public Builder outputLength(OutputLengthModel outputLength) {
			this.outputLength = Objects.requireNonNull(outputLength, "outputLength");
			return this;
		}

		/**
		 * Sets how output tokens are charged.
		 * @param outputAccounting the accounting rule
		 * @return this builder
		 */
		public Builder outputAccounting(OutputAccounting outputAccounting) {
			this.outputAccounting = Objects.requireNonNull(outputAccounting, "outputAccounting");
			return this;
		}

		/**
		 * Sets the time sources: a monotonic nano clock that drives the buckets (it may run
		 * faster than real time for a time-scaled benchmark) and the wall clock the
		 * {@code -reset} headers are dated from, read once.
		 * @param nanoTime the nano clock
		 * @param wallClock the wall clock
		 * @return this builder
		 */
		public Builder clock(LongSupplier nanoTime, Clock wallClock) {
			this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
			this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
			return this;
		}

		/**
		 * Builds the provider; its buckets start full.
		 * @return the provider
		 */
		public SimulatedProvider build() {
			return new SimulatedProvider(this);
		}

	}

}
