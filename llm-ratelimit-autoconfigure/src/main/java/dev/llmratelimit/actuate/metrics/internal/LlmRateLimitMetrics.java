package dev.llmratelimit.actuate.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.AVAILABLE;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.CALLS;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.DIRECTION_INPUT;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.DIRECTION_OUTPUT;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.EXTERNAL_RATE;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.IN_FLIGHT;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.KIND_ACTUAL;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.KIND_CACHE_READ;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.KIND_RESERVED;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.LIMIT;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.OUTCOME_ADMITTED;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.OUTCOME_PROVIDER_THROTTLED;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.OUTCOME_REJECTED;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.OUTCOME_WAITED;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TAG_DIRECTION;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TAG_KIND;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TAG_METER;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TAG_MODEL;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TAG_OUTCOME;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.TOKENS;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.WAIT;
import static dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames.WAITING;

/**
 * Records what the limiter does as Micrometer meters (see {@link LlmRateLimitMetricNames}).
 * Gauges read the limiter's live headroom; they are registered for every model the limiter
 * knows when {@link #bindModels()} runs, and later for models and meters that appear at run
 * time (unconfigured models, limits learned from headers). A model's external-rate gauges
 * are registered when the limiter first observes a provider response for it: the external
 * rate is estimated from the provider's figures and is zero until then, and thousands of
 * configured models need not each hold gauges that read zero. Counters and the wait timer
 * are registered at a model's first call.
 */
public final class LlmRateLimitMetrics implements LimiterListener {

	private static final Set<String> MODEL_METER_NAMES = Set.of(CALLS, TOKENS, WAIT, AVAILABLE, LIMIT,
			EXTERNAL_RATE, IN_FLIGHT, WAITING);

	private final MeterRegistry registry;

	private final Supplier<LlmRateLimiter> limiter;

	private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();

	/** Per model, which of its gauges are registered. */
	private final Map<String, Gauged> gauged = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registry where to register meters
	 * @param limiter the limiter whose headroom the gauges read, looked up when a gauge is
	 * read (the limiter is built with this listener, so it cannot be passed directly); it
	 * may return {@code null} while there is none
	 */
	public LlmRateLimitMetrics(MeterRegistry registry, Supplier<LlmRateLimiter> limiter) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.limiter = Objects.requireNonNull(limiter, "limiter");
	}

	/**
	 * Registers the gauges of every model the limiter knows now.
	 */
	public void bindModels() {
		LlmRateLimiter current = this.limiter.get();
		if (current != null) {
			current.headroom().values().forEach(this::bindGauges);
		}
	}

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		ModelMeters meters = meters(model);
		(waitedNanos > 0 ? meters.waited : meters.admitted).increment();
		meters.wait.record(waitedNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void rejected(String model, Meter meter, long retryAfterNanos) {
		meters(model).rejected.increment();
	}

	@Override
	public void settled(String model, Settlement outcome, Cost reserved, Cost actual, LlmUsage usage) {
		if (usage == null) {
			return;
		}
		ModelMeters meters = meters(model);
		meters.reservedInput.increment(reserved.amount(Meter.INPUT_TOKENS_PER_MINUTE));
		meters.reservedOutput.increment(reserved.amount(Meter.OUTPUT_TOKENS_PER_MINUTE));
		meters.actualInput.increment(usage.totalInputTokens());
		meters.actualOutput.increment(usage.outputTokens());
		meters.cacheReadInput.increment(usage.cacheReadInputTokens());
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		ModelMeters meters = meters(model);
		if (snapshot.isRateLimited()) {
			meters.throttled.increment();
		}
		if (firstTime(model, Gauged::observe)) {
			LlmRateLimiter current = this.limiter.get();
			Headroom headroom = (current != null) ? current.headroom(model).orElse(null) : null;
			if (headroom != null) {
				headroom.meters().keySet().forEach((meter) -> bindMeterGauges(model, meter));
			}
		}
	}

	@Override
	public void limitChanged(String model, Meter meter, long previousLimit, long newLimit) {
		meters(model);
		bindMeterGauges(model, meter);
	}

	/**
	 * Removes every meter of a model the limiter forgot, so that names created on first
	 * use do not pile up in the registry.
	 */
	@Override
	public void removed(String model) {
		this.models.remove(model);
		this.gauged.remove(model);
		List<io.micrometer.core.instrument.Meter> meters = this.registry.getMeters()
			.stream()
			.filter((meter) -> model.equals(meter.getId().getTag(TAG_MODEL)) && isOwn(meter.getId().getName()))
			.toList();
		meters.forEach(this.registry::remove);
	}

	private static boolean isOwn(String name) {
		return MODEL_METER_NAMES.contains(name);
	}

	private ModelMeters meters(String model) {
		ModelMeters meters = this.models.get(model);
		if (meters == null) {
			meters = this.models.computeIfAbsent(model, (id) -> new ModelMeters(this.registry, id));
			bindModel(model);
		}
		return meters;
	}

	private void bindModel(String model) {
		LlmRateLimiter current = this.limiter.get();
		if (current != null) {
			current.headroom(model).ifPresent(this::bindGauges);
		}
	}

	private void bindGauges(Headroom headroom) {
		String model = headroom.model();
		if (firstTime(model, Gauged::addModel)) {
			Tags tags = Tags.of(TAG_MODEL, model);
			gauge(IN_FLIGHT, tags, (ignored) -> headroomValue(model, Headroom::inFlight));
			gauge(WAITING, tags, (ignored) -> headroomValue(model, Headroom::waiting));
		}
		headroom.meters().keySet().forEach((meter) -> bindMeterGauges(model, meter));
	}

	private void bindMeterGauges(String model, Meter meter) {
		Tags tags = Tags.of(TAG_MODEL, model, TAG_METER, meter.propertyName());
		if (firstTime(model, (gauged) -> gauged.addMeter(meter))) {
			gauge(AVAILABLE, tags, (ignored) -> meterValue(model, meter, MeterHeadroom::available));
			gauge(LIMIT, tags, (ignored) -> meterValue(model, meter, (headroom) -> headroom.limit()));
		}
		if (firstTime(model, (gauged) -> gauged.addExternalRate(meter))) {
			gauge(EXTERNAL_RATE, tags, (ignored) -> meterValue(model, meter, MeterHeadroom::externalRate));
		}
	}

	/**
	 * Records, in a model's entry, that some of its gauges are registered.
	 * @param change records the gauges in the entry and says whether they were not yet
	 * @return {@code true} when the gauges were not yet registered
	 */
	private boolean firstTime(String model, Predicate<Gauged> change) {
		boolean[] first = new boolean[1];
		this.gauged.compute(model, (id, existing) -> {
			Gauged entry = (existing != null) ? existing : new Gauged();
			first[0] = change.test(entry);
			return entry;
		});
		return first[0];
	}

	private void gauge(String name, Tags tags, ToDoubleFunction<LlmRateLimitMetrics> value) {
		// held weakly: the limiter holds this listener for as long as there is headroom to read
		Gauge.builder(name, this, value).tags(tags).register(this.registry);
	}

	private double headroomValue(String model, ToDoubleFunction<Headroom> value) {
		LlmRateLimiter current = this.limiter.get();
		if (current == null) {
			return Double.NaN;
		}
		return current.headroom(model).map(value::applyAsDouble).orElse(Double.NaN);
	}

	private double meterValue(String model, Meter meter, ToDoubleFunction<MeterHeadroom> value) {
		return headroomValue(model, (headroom) -> {
			MeterHeadroom meterHeadroom = headroom.meters().get(meter);
			return (meterHeadroom != null) ? value.applyAsDouble(meterHeadroom) : Double.NaN;
		});
	}

	/** The counters and timer of one model, looked up once. */
	private static final class ModelMeters {

		private final Counter admitted;

		private final Counter waited;

		private final Counter rejected;

		private final Counter throttled;

		private final Timer wait;

		private final Counter reservedInput;

		private final Counter reservedOutput;

		private final Counter actualInput;

		private final Counter actualOutput;

		private final Counter cacheReadInput;

		ModelMeters(MeterRegistry registry, String model) {
			this.admitted = calls(registry, model, OUTCOME_ADMITTED);
			this.waited = calls(registry, model, OUTCOME_WAITED);
			this.rejected = calls(registry, model, OUTCOME_REJECTED);
			this.throttled = calls(registry, model, OUTCOME_PROVIDER_THROTTLED);
			this.wait = Timer.builder(WAIT)
				.description("Time calls waited for budget")
				.tag(TAG_MODEL, model)
				.register(registry);
			this.reservedInput = tokens(registry, model, DIRECTION_INPUT, KIND_RESERVED);
			this.reservedOutput = tokens(registry, model, DIRECTION_OUTPUT, KIND_RESERVED);
			this.actualInput = tokens(registry, model, DIRECTION_INPUT, KIND_ACTUAL);
			this.actualOutput = tokens(registry, model, DIRECTION_OUTPUT, KIND_ACTUAL);
			this.cacheReadInput = tokens(registry, model, DIRECTION_INPUT, KIND_CACHE_READ);
		}

		private static Counter calls(MeterRegistry registry, String model, String outcome) {
			return Counter.builder(CALLS)
				.description("Calls by outcome")
				.tags(TAG_MODEL, model, TAG_OUTCOME, outcome)
				.register(registry);
		}

		private static Counter tokens(MeterRegistry registry, String model, String direction, String kind) {
			return Counter.builder(TOKENS)
				.description("Tokens of completed calls, reserved and actual")
				.baseUnit("tokens")
				.tags(TAG_MODEL, model, TAG_DIRECTION, direction, TAG_KIND, kind)
				.register(registry);
		}

	}

	/**
	 * Which gauges of one model are registered: its own, and per meter its available and
	 * limit gauges and, once the model was observed, its external-rate gauge. Guarded by the
	 * map that holds it.
	 */
	private static final class Gauged {

		private boolean model;

		private boolean observed;

		/** Bit {@code ordinal} set: the available and limit gauges of that meter. */
		private int meters;

		/** Bit {@code ordinal} set: the external-rate gauge of that meter. */
		private int externalRates;

		boolean addModel() {
			boolean first = !this.model;
			this.model = true;
			return first;
		}

		boolean observe() {
			boolean first = !this.observed;
			this.observed = true;
			return first;
		}

		boolean addMeter(Meter meter) {
			int bit = 1 << meter.ordinal();
			boolean first = (this.meters & bit) == 0;
			this.meters |= bit;
			return first;
		}

		boolean addExternalRate(Meter meter) {
			int bit = 1 << meter.ordinal();
			if (!this.observed || (this.externalRates & bit) != 0) {
				return false;
			}
			this.externalRates |= bit;
			return true;
		}

	}

}
