package dev.llmratelimit.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;
import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.ModelRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.FailureResponses;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;
import dev.llmratelimit.core.TimeSource;

/**
 * The {@link LlmRateLimiter}: one {@link Budget} per model (from any store), FIFO waiting
 * with wake-ups when budget frees early, provider dialects that teach the budgets, and
 * optional request pacing. Build one with {@link #builder()}.
 * <p>
 * It checks what callers send and puts the parts together: the {@link ModelRegistry}
 * holds the models (and caps those created on first use), {@link ModelRouter} picks among
 * fallbacks, {@link StartPacing} spaces call starts, {@link TurnWaiter} waits for a queued
 * call's turn, {@link Refusals} makes the exceptions and {@link HeadroomReader} reads the
 * headroom. Its settings are one {@link LimiterSettings}.
 */
public final class BudgetLimiter implements LlmRateLimiter {

	private final TimeSource time;

	private final LimiterSettings settings;

	private final BudgetFactory budgetFactory;

	private final DialectRegistry dialects;

	private final Function<ModelLimits, RequestPacer> pacers;

	private final List<FailureResponses> failureResponses;

	private final Listeners listeners;

	private final ModelRegistry registry;

	private final Refusals refusals;

	private final StartPacing pacing;

	private final TurnWaiter turns;

	private final HeadroomReader headroom;

	private BudgetLimiter(Builder builder) {
		this.time = builder.time;
		this.settings = builder.settings.build();
		this.dialects = builder.dialects;
		this.pacers = builder.pacers;
		this.failureResponses = List.copyOf(builder.failureResponses);
		this.listeners = new Listeners(builder.listeners);
		this.budgetFactory = (builder.budgetFactory != null) ? builder.budgetFactory
				: (limits) -> new LocalBudget(limits, this.time, this.settings);
		this.registry = new ModelRegistry(this.time, this.settings, this::manage, this.listeners);
		this.refusals = new Refusals(this.listeners);
		this.pacing = new StartPacing(this.refusals);
		this.turns = new TurnWaiter(this.time, this.refusals);
		this.headroom = new HeadroomReader(this.time);
		builder.models.forEach((limits) -> this.registry.register(withRefill(limits)));
	}

	/**
	 * Starts building a limiter.
	 * @return a builder with in-memory budgets, the system clock and a 30 s default wait
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public Reservation reserve(String model, long inputTokens, long maxTokens, Duration maxWait) {
		Objects.requireNonNull(maxWait, "maxWait");
		requireTokens("inputTokens", inputTokens);
		requireTokens("maxTokens", Math.max(0, maxTokens));
		return reserve(ReservationRequest.builder(model)
			.inputTokens(inputTokens)
			.maxTokens(maxTokens)
			.maxWait(maxWait)
			.fallbacks(List.of())
			.build());
	}

	@Override
	public Reservation reserve(ReservationRequest request) {
		requireTokens("inputTokens", request.inputTokens());
		requireTokens("maxTokens", request.maxTokens());
		ManagedModel primary = resolve(request.model());
		List<ManagedModel> fallbacks = fallbacks(primary, request.fallbacks());
		long start = this.time.nanoTime();
		Duration maxWait = (request.maxWait() != null) ? request.maxWait() : this.settings.defaultMaxWait();
		long maxWaitNanos = saturatedNanos(maxWait);
		long deadline = start + Math.max(0, maxWaitNanos);
		long paced = 0;
		Attempt attempt;
		Admission admission;
		if (fallbacks.isEmpty()) {
			attempt = new Attempt(primary, request, false);
			paced = this.pacing.pace(primary, attempt.cost, maxWaitNanos);
			admission = attempt.admit(Math.max(0, maxWaitNanos - paced));
		}
		else {
			attempt = new Attempt(primary, request, true);
			List<Attempt> others = new ArrayList<>(fallbacks.size());
			fallbacks.forEach((fallback) -> others.add(new Attempt(fallback, request, true)));
			ModelRouter.Route route = ModelRouter.route(attempt, others,
					saturatedNanos(primary.limits().fallbackAfter()), maxWaitNanos);
			attempt = (Attempt) route.candidate();
			admission = route.admission();
			paced = attempt.paced;
			if (attempt.managed != primary && admits(admission)) {
				this.listeners.routed(primary.id(), attempt.managed.id());
			}
		}
		ManagedModel managed = attempt.managed;
		Lease lease = switch (admission.status()) {
			case GRANTED -> admission.lease();
			case QUEUED -> this.turns.await(managed, attempt.entry, attempt.cost, deadline);
			case REJECTED -> throw this.refusals.exceeded(managed, admission.meter(), admission.waitNanos());
			case TOO_LARGE -> throw this.refusals.tooLarge(managed, admission, attempt.cost);
		};
		// a call granted at once did not wait, however long the bookkeeping took
		boolean atOnce = admission.status() == Admission.Status.GRANTED && paced == 0;
		long waited = atOnce ? 0 : this.time.nanoTime() - start;
		this.listeners.admitted(managed.id(), waited, attempt.cost);
		return new LeaseReservation(this, managed, lease, request.inputTokens(), attempt.input, attempt.tokens,
				waited, managed != primary);
	}

	@Override
	public Reservation reserve(String model, long inputTokens, long maxTokens) {
		return reserve(model, inputTokens, maxTokens, this.settings.defaultMaxWait());
	}

	@Override
	public Optional<Reservation> tryReserve(String model, long inputTokens, long maxTokens) {
		try {
			return Optional.of(reserve(model, inputTokens, maxTokens, Duration.ZERO));
		}
		catch (LlmRateLimitExceededException ex) {
			return Optional.empty();
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * A response for a model without a budget is ignored: a budget is created only by a
	 * call that reserves one, never by what a response (or a body scanned for its
	 * {@code model} field) names.
	 */
	@Override
	public void observe(String model, ProviderResponse response) {
		ManagedModel managed = this.registry.find(model);
		if (managed != null) {
			observe(managed, response);
		}
	}

	@Override
	public Optional<Headroom> headroom(String model) {
		ManagedModel managed = this.registry.find(model);
		return (managed != null) ? Optional.of(this.headroom.read(managed)) : Optional.empty();
	}

	@Override
	public Map<String, Headroom> headroom() {
		Map<String, Headroom> all = new LinkedHashMap<>();
		for (ManagedModel managed : this.registry.all()) {
			all.put(managed.id(), this.headroom.read(managed));
		}
		return Collections.unmodifiableMap(all);
	}

	@Override
	public Set<String> models() {
		Set<String> ids = new LinkedHashSet<>();
		this.registry.all().forEach((managed) -> ids.add(managed.id()));
		return Collections.unmodifiableSet(ids);
	}

	@Override
	public Optional<ModelLimits> limits(String model) {
		ManagedModel managed = this.registry.find(model);
		if (managed == null) {
			return Optional.empty();
		}
		ModelLimits.Builder builder = managed.limits().toBuilder();
		managed.budget().state().meters().forEach((meter, state) -> builder.limit(meter, state.limit()));
		return Optional.of(builder.build());
	}

	@Override
	public ModelRateLimiter forModel(String model) {
		return new BoundModelRateLimiter(this, resolve(model).id());
	}

	/**
	 * Wakes the first waiting caller of every model to look at its budget again (a caller
	 * that gets its budget wakes the next). A manual time source calls this after moving
	 * time forward; with the system clock waiters wake by themselves.
	 */
	public void wakeWaiters() {
		this.registry.all().forEach((managed) -> managed.room().signalFirst());
	}

	/**
	 * The dialect in use for a model.
	 * @param model the model id (or an alias)
	 * @return the provider id, or empty while it is not known
	 */
	public Optional<String> provider(String model) {
		ManagedModel managed = this.registry.find(model);
		return (managed != null && managed.dialectKnown()) ? Optional.of(managed.dialect().id()) : Optional.empty();
	}

	Listeners listeners() {
		return this.listeners;
	}

	ProviderSnapshot observe(ManagedModel managed, ProviderResponse response) {
		return apply(managed, managed.interpret(response, this.time.now()), null);
	}

	/** Learns from the response to one admitted call. */
	ProviderSnapshot observe(ManagedModel managed, ProviderResponse response, Lease call) {
		return apply(managed, managed.interpret(response, this.time.now()), call);
	}

	/** Learns from the provider response a failure of one admitted call carries, if any. */
	Optional<ProviderSnapshot> observeFailure(ManagedModel managed, Throwable failure, Lease call) {
		for (FailureResponses extractor : this.failureResponses) {
			Optional<ProviderResponse> response = extractor.responseOf(failure);
			if (response.isPresent()) {
				return Optional.of(observe(managed, response.get(), call));
			}
		}
		return Optional.empty();
	}

	/** Applies what a response taught, for the call it answered ({@code null} if unknown). */
	private ProviderSnapshot apply(ManagedModel managed, ProviderSnapshot snapshot, Lease call) {
		if (call != null) {
			managed.budget().observe(snapshot, call);
		}
		else {
			managed.budget().observe(snapshot);
		}
		this.listeners.observed(managed.id(), snapshot);
		return snapshot;
	}

	/** The fallbacks of a call: those it names, else its model's; never the model itself. */
	private List<ManagedModel> fallbacks(ManagedModel primary, List<String> requested) {
		List<String> ids = (requested != null) ? requested : primary.limits().fallbacks();
		List<ManagedModel> fallbacks = new ArrayList<>(ids.size());
		for (String id : ids) {
			ManagedModel fallback = resolve(id);
			if (fallback != primary && !fallbacks.contains(fallback)) {
				fallbacks.add(fallback);
			}
		}
		return fallbacks;
	}

	private static boolean admits(Admission admission) {
		return admission.status() == Admission.Status.GRANTED || admission.status() == Admission.Status.QUEUED;
	}

	private ManagedModel resolve(String model) {
		return this.registry.resolve(model);
	}

	/**
	 * The settings in use.
	 * @return the settings of this limiter and of the in-memory budgets it builds
	 */
	public LimiterSettings settings() {
		return this.settings;
	}

	private ManagedModel manage(ModelLimits configured) {
		ModelLimits limits = withRefill(configured);
		return new ManagedModel(limits, this.budgetFactory.create(limits), this.pacers.apply(limits), this.dialects,
				this.listeners, this.settings.calibrateInputEstimates());
	}

	/** Fills an unset refill mode with the configured provider's way of refilling. */
	private ModelLimits withRefill(ModelLimits limits) {
		if (limits.refill() != null || limits.provider() == null) {
			return limits;
		}
		return this.dialects.find(limits.provider())
			.map((dialect) -> limits.toBuilder().refill(dialect.defaultRefill()).build())
			.orElse(limits);
	}

	private long outputTokens(ManagedModel managed, long maxTokens) {
		return (maxTokens > 0) ? maxTokens : managed.limits().defaultMaxTokens();
	}

	private static long requireTokens(String name, long tokens) {
		if (tokens < 0 || tokens > Meter.MAX_AMOUNT) {
			throw new IllegalArgumentException(
					name + " must be between 0 and " + Meter.MAX_AMOUNT + ", was " + tokens);
		}
		return tokens;
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.isNegative() ? 0 : duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	/**
	 * A call's request for one model's budget: its cost on that model (by the model's
	 * accounting rule, input calibration and default max tokens) and, once asked, its
	 * place in the model's wait room.
	 */
	private final class Attempt implements ModelRouter.Candidate {

		private final ManagedModel managed;

		private final long input;

		private final long tokens;

		private final Cost cost;

		private final Claimant claimant;

		/** Whether each ask takes a start slot first (when the call may go to another model). */
		private final boolean pacedOnAdmit;

		/** Time this call waited for start slots of this model. */
		private long paced;

		private WaitRoom.Entry entry;

		Attempt(ManagedModel managed, ReservationRequest request, boolean pacedOnAdmit) {
			this.managed = managed;
			this.pacedOnAdmit = pacedOnAdmit;
			this.claimant = new Claimant(request.priority(), request.key());
			this.tokens = outputTokens(managed, request.maxTokens());
			this.input = managed.calibration().apply(request.inputTokens());
			this.cost = managed.rule().admissionCost(this.input, this.tokens);
		}

		/**
		 * Asks the model's budget; a routed call first takes a start slot of the model, and
		 * is refused (so that another model may take it) when none comes in time.
		 */
		@Override
		public Admission admit(long maxWaitNanos) {
			long wait = maxWaitNanos;
			if (this.pacedOnAdmit) {
				long slot = BudgetLimiter.this.pacing.trySlot(this.managed, this.cost, maxWaitNanos);
				if (slot < 0) {
					return Admission.rejected(Meter.REQUESTS_PER_MINUTE, Admission.UNKNOWN_WAIT);
				}
				this.paced += slot;
				wait = Math.max(0, maxWaitNanos - slot);
			}
			long budgetWait = wait;
			this.entry = this.managed.room()
				.enter(() -> this.managed.budget().acquire(this.cost, budgetWait, this.claimant));
			return this.entry.admission();
		}

	}

	/**
	 * Builds a {@link BudgetLimiter}.
	 */
	public static final class Builder {

		private TimeSource time = TimeSource.system();

		private LimiterSettings.Builder settings = LimiterSettings.builder();

		private BudgetFactory budgetFactory;

		private DialectRegistry dialects = DialectRegistry.empty();

		private Function<ModelLimits, RequestPacer> pacers = (limits) -> null;

		private final List<FailureResponses> failureResponses = new ArrayList<>();

		private final List<LimiterListener> listeners = new ArrayList<>();

		private final List<ModelLimits> models = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the time source.
		 * @param time the time source
		 * @return this builder
		 */
		public Builder timeSource(TimeSource time) {
			this.time = Objects.requireNonNull(time, "time");
			return this;
		}

		/**
		 * Replaces every setting (the individual setters below change one of them).
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(LimiterSettings settings) {
			this.settings = settings.toBuilder();
			return this;
		}

		/**
		 * Sets the wait used by {@link BudgetLimiter#reserve(String, long, long)}.
		 * @param defaultMaxWait the default maximum wait
		 * @return this builder
		 * @see LimiterSettings.Builder#defaultMaxWait(Duration)
		 */
		public Builder defaultMaxWait(Duration defaultMaxWait) {
			this.settings.defaultMaxWait(defaultMaxWait);
			return this;
		}

		/**
		 * Sets how long an unsettled reservation holds in-memory budget before it expires.
		 * @param leaseTimeout the lease time
		 * @return this builder
		 * @see LimiterSettings.Builder#leaseTimeout(Duration)
		 */
		public Builder leaseTimeout(Duration leaseTimeout) {
			this.settings.leaseTimeout(leaseTimeout);
			return this;
		}

		/**
		 * Sets the refill time in-memory budgets hold back at admission.
		 * @param admissionMargin the margin, zero for none
		 * @return this builder
		 * @see LimiterSettings.Builder#admissionMargin(Duration)
		 */
		public Builder admissionMargin(Duration admissionMargin) {
			this.settings.admissionMargin(admissionMargin);
			return this;
		}

		/**
		 * Sets where budgets live; in memory by default.
		 * @param budgetFactory the store's budget factory
		 * @return this builder
		 */
		public Builder budgetFactory(BudgetFactory budgetFactory) {
			this.budgetFactory = budgetFactory;
			return this;
		}

		/**
		 * Sets the known provider dialects.
		 * @param dialects the dialects
		 * @return this builder
		 */
		public Builder dialects(DialectRegistry dialects) {
			this.dialects = Objects.requireNonNull(dialects, "dialects");
			return this;
		}

		/**
		 * Sets how request pacers are made per model; a function returning {@code null}
		 * leaves a model unpaced.
		 * @param pacers the pacer factory
		 * @return this builder
		 */
		public Builder pacers(Function<ModelLimits, RequestPacer> pacers) {
			this.pacers = Objects.requireNonNull(pacers, "pacers");
			return this;
		}

		/**
		 * Adds a way to find provider responses inside exceptions.
		 * @param extractor the extractor
		 * @return this builder
		 */
		public Builder failureResponses(FailureResponses extractor) {
			this.failureResponses.add(Objects.requireNonNull(extractor, "extractor"));
			return this;
		}

		/**
		 * Adds a listener.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(LimiterListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Registers a model's budget.
		 * @param limits the model's limits
		 * @return this builder
		 */
		public Builder model(ModelLimits limits) {
			this.models.add(Objects.requireNonNull(limits, "limits"));
			return this;
		}

		/**
		 * Sets whether a model that was not registered gets a budget on first use.
		 * @param allowUnconfiguredModels whether to allow unconfigured models
		 * @return this builder
		 * @see LimiterSettings.Builder#allowUnconfiguredModels(boolean)
		 */
		public Builder allowUnconfiguredModels(boolean allowUnconfiguredModels) {
			this.settings.allowUnconfiguredModels(allowUnconfiguredModels);
			return this;
		}

		/**
		 * Sets how many models created on first use may exist at a time.
		 * @param maxUnconfiguredModels the cap, positive
		 * @return this builder
		 * @see LimiterSettings.Builder#maxUnconfiguredModels(int)
		 */
		public Builder maxUnconfiguredModels(int maxUnconfiguredModels) {
			this.settings.maxUnconfiguredModels(maxUnconfiguredModels);
			return this;
		}

		/**
		 * Sets whether input estimates are calibrated.
		 * @param calibrateInputEstimates whether to calibrate input estimates
		 * @return this builder
		 * @see LimiterSettings.Builder#calibrateInputEstimates(boolean)
		 */
		public Builder calibrateInputEstimates(boolean calibrateInputEstimates) {
			this.settings.calibrateInputEstimates(calibrateInputEstimates);
			return this;
		}

		/**
		 * Sets the observation lag of in-memory budgets. Ignored when a
		 * {@link #budgetFactory(BudgetFactory) budget factory} is set.
		 * @param observationLag the lag; zero trusts the provider's figures as they are
		 * @return this builder
		 * @see LimiterSettings.Builder#observationLag(Duration)
		 */
		public Builder observationLag(Duration observationLag) {
			this.settings.observationLag(observationLag);
			return this;
		}

		/**
		 * Builds the limiter.
		 * @return the limiter
		 */
		public BudgetLimiter build() {
			return new BudgetLimiter(this);
		}

	}

}
