package dev.llmratelimit.test.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.llmratelimit.test.SimulationClock;

/**
 * An LLM provider that meters requests the way Anthropic and OpenAI do: per model,
 * continuously refilling token buckets for requests, input tokens and output tokens per
 * minute, or requests and tokens per minute. Admission reserves the input and
 * {@code max_tokens}, completion reconciles to the actual output, a request that does not
 * fit is rejected with a {@code retry-after}, and every response carries the rate-limit
 * headers of the chosen {@link WireFormat}. Models without limits are served without limits,
 * without rate-limit headers and without being counted.
 * <p>
 * Limits may change on a schedule ({@link LimitChange}) and other applications may spend
 * the same key ({@link SimulatedNeighbour}); both happen at exact instants of the
 * provider's clock, so a run on a manual clock always ends the same way.
 * <p>
 * Thread safe. Time comes from the given clock, so tests can drive it by hand.
 */
public final class SimulatedProvider {

	private final Map<String, SimulatedLimits> limits;

	private final List<LimitChange> limitChanges;

	private final List<SimulatedNeighbour> neighbours;

	private final WireFormat wireFormat;

	private final Tokenizer tokenizer;

	private final OutputLengthModel outputLength;

	private final OutputAccounting outputAccounting;

	private final LongSupplier nanoTime;

	private final Instant wallAnchor;

	private final long nanoAnchor;

	private volatile State state;

	private final AtomicLong requestIds = new AtomicLong();

	private SimulatedProvider(Builder builder) {
		this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.limits));
		this.limitChanges = builder.limitChanges.stream().sorted(Comparator.comparing(LimitChange::at)).toList();
		this.neighbours = List.copyOf(builder.neighbours);
		this.wireFormat = builder.wireFormat;
		this.tokenizer = builder.tokenizer;
		this.outputLength = builder.outputLength;
		this.outputAccounting = builder.outputAccounting;
		this.nanoTime = builder.nanoTime;
		this.nanoAnchor = this.nanoTime.getAsLong();
		this.wallAnchor = builder.wallClock.instant();
		this.state = new State(this.nanoAnchor);
	}

	/**
	 * Starts building a provider.
	 * @return a builder with no models, the Anthropic wire format, four characters per
	 * token, answers of 5% to 30% of {@code max_tokens}, reservation of {@code max_tokens}
	 * and the system clock
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
		ModelMeters.Verdict verdict = model.admit(inputTokens, request.maxTokens(), now);
		RateLimitHeaders writer = this.wireFormat.headers();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(writer.requestIdHeader(), requestId);
		MeterRefusal refusal = verdict.refusal();
		if (refusal == null) {
			writer.putMeterHeaders(headers, verdict.levels(), wallTime(now));
			long outputTokens = this.outputLength.outputTokens(request.prompt(), request.maxTokens());
			return new SimulatedCall(requestId, request, inputTokens, outputTokens,
					Collections.unmodifiableMap(headers), model, this);
		}
		Duration retryAfter = Duration.ofNanos(refusal.waitNanos());
		writer.putRetryHeaders(headers, retryAfter);
		writer.putMeterHeaders(headers, verdict.levels(), wallTime(now));
		String message = writer.refusalMessage(refusal, request.model(), Rejection.retryAfterSeconds(retryAfter));
		return new Rejection(requestId, request.model(), refusal.meter(), retryAfter, refusal.neverFits(), message,
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
	 * The provider this simulator imitates.
	 * @return the wire format
	 */
	public WireFormat wireFormat() {
		return this.wireFormat;
	}

	/**
	 * The models with limits.
	 * @return the configured model ids
	 */
	public Set<String> models() {
		return this.limits.keySet();
	}

	/**
	 * The limits of a model now, after the limit changes due so far.
	 * @param model the model id
	 * @return its limits, all zero for a model without limits
	 */
	public SimulatedLimits limits(String model) {
		return meters(model).limits(this.nanoTime.getAsLong());
	}

	/**
	 * What a model has seen since the provider was built or last reset.
	 * @param model the model id
	 * @return its counters and meter statistics; all zero for a model without limits,
	 * which is served but not counted
	 */
	public ModelStatistics statistics(String model) {
		return meters(model).statistics(this.nanoTime.getAsLong());
	}

	/**
	 * Starts over: full buckets, no counts, and the schedule of limit changes and
	 * neighbours counted from now.
	 */
	public void reset() {
		this.state = new State(this.nanoTime.getAsLong());
	}

	Map<String, String> settle(String requestId, ModelMeters model, long inputTokens, long maxTokens,
			long outputTokens) {
		long now = this.nanoTime.getAsLong();
		List<MeterLevel> levels = model.settle(inputTokens, maxTokens, outputTokens, now);
		RateLimitHeaders writer = this.wireFormat.headers();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(writer.requestIdHeader(), requestId);
		writer.putMeterHeaders(headers, levels, wallTime(now));
		return Collections.unmodifiableMap(headers);
	}

	private Instant wallTime(long nanos) {
		return this.wallAnchor.plusNanos(nanos - this.nanoAnchor);
	}

	private ModelMeters meters(String model) {
		State current = this.state;
		if (!this.limits.containsKey(model)) {
			// not kept: the model ids a client sends must not grow the provider's memory
			return new ModelMeters(new SimulatedLimits(0, 0, 0, 0), List.of(), List.of(), this.outputAccounting,
					current.origin);
		}
		return current.meters.computeIfAbsent(model, (id) -> new ModelMeters(this.limits.get(id),
				this.limitChanges.stream().filter((change) -> change.model().equals(id)).toList(),
				this.neighbours.stream().filter((neighbour) -> neighbour.model().equals(id)).toList(),
				this.outputAccounting, current.origin));
	}

	/** The meters since an origin: the provider's start or its last reset. */
	private static final class State {

		private final long origin;

		private final ConcurrentMap<String, ModelMeters> meters = new ConcurrentHashMap<>();

		State(long origin) {
			this.origin = origin;
		}

	}

	/**
	 * Builds a {@link SimulatedProvider}.
	 */
	public static final class Builder {

		private final Map<String, SimulatedLimits> limits = new LinkedHashMap<>();

		private final List<LimitChange> limitChanges = new ArrayList<>();

		private final List<SimulatedNeighbour> neighbours = new ArrayList<>();

		private WireFormat wireFormat = WireFormat.ANTHROPIC;

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
		 * Changes a model's limits at a given time after the provider starts.
		 * @param at time after the start (or the last {@link SimulatedProvider#reset()})
		 * @param model the model id
		 * @param limits the limits from then on
		 * @return this builder
		 */
		public Builder limitChange(Duration at, String model, SimulatedLimits limits) {
			this.limitChanges.add(new LimitChange(at, model, limits));
			return this;
		}

		/**
		 * Adds another application spending the same key.
		 * @param neighbour the neighbour
		 * @return this builder
		 */
		public Builder neighbour(SimulatedNeighbour neighbour) {
			this.neighbours.add(Objects.requireNonNull(neighbour, "neighbour"));
			return this;
		}

		/**
		 * Sets the provider to imitate.
		 * @param wireFormat the wire format
		 * @return this builder
		 */
		public Builder wireFormat(WireFormat wireFormat) {
			this.wireFormat = Objects.requireNonNull(wireFormat, "wireFormat");
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
		 * Sets the clock the buckets and the {@code -reset} headers follow.
		 * @param clock the clock, such as a {@link dev.llmratelimit.test.ManualClock}
		 * @return this builder
		 */
		public Builder clock(SimulationClock clock) {
			Objects.requireNonNull(clock, "clock");
			return clock(clock::nanoTime, Clock.fixed(clock.now(), ZoneOffset.UTC));
		}

		/**
		 * Builds the provider; its buckets start full.
		 * @return the provider
		 * @throws IllegalStateException if a limit change or a neighbour names a model that
		 * was not added
		 */
		public SimulatedProvider build() {
			this.limitChanges.forEach((change) -> requireModel(change.model(), "limit change"));
			this.neighbours.forEach((neighbour) -> requireModel(neighbour.model(), "neighbour"));
			return new SimulatedProvider(this);
		}

		private void requireModel(String model, String what) {
			if (!this.limits.containsKey(model)) {
				throw new IllegalStateException(
						"A " + what + " names model '" + model + "', which has no limits: add it with model(...)");
			}
		}

	}

}
