package dev.llmratelimit.actuate.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

/**
 * Counts each model's calls by outcome since start, with the same meaning as the
 * {@code llm.ratelimit.calls} metric, so that the {@code llmlimits} endpoint shows them
 * without Micrometer: admitted at once, admitted after waiting, refused by the limiter,
 * and refused by the provider (429). Also sums the time calls waited and counts the calls
 * routed to each fallback model. Thread-safe.
 */
public final class LlmCallCounts implements LimiterListener {

	private final Map<String, ModelCounts> models = new ConcurrentHashMap<>();

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		ModelCounts counts = modelCounts(model);
		if (waitedNanos > 0) {
			counts.waited.increment();
			counts.waitedNanos.add(waitedNanos);
		}
		else {
			counts.admitted.increment();
		}
	}

	@Override
	public void routed(String model, String fallback) {
		modelCounts(model).routedTo.computeIfAbsent(fallback, (id) -> new LongAdder()).increment();
	}

	@Override
	public void rejected(String model, Meter meter, long retryAfterNanos) {
		modelCounts(model).rejected.increment();
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		if (snapshot.isRateLimited()) {
			modelCounts(model).providerThrottled.increment();
		}
	}

	@Override
	public void removed(String model) {
		this.models.remove(model);
	}

	/**
	 * Counts of one model.
	 * @param model the model id
	 * @return the counts, all zero when the model saw no call
	 */
	public CallCounts counts(String model) {
		return Optional.ofNullable(this.models.get(model)).map(ModelCounts::snapshot).orElse(CallCounts.NONE);
	}

	private ModelCounts modelCounts(String model) {
		return this.models.computeIfAbsent(model, (id) -> new ModelCounts());
	}

	/**
	 * A model's calls by outcome since start.
	 *
	 * @param admitted calls admitted without waiting
	 * @param waited calls admitted after waiting for budget
	 * @param rejected calls the limiter refused (no budget within their maximum wait)
	 * @param providerThrottled responses in which the provider refused a call (429)
	 * @param waitedMillis time the waiting calls waited, summed
	 * @param routedTo calls routed to each fallback model because this one could not admit
	 * them in time
	 */
	public record CallCounts(long admitted, long waited, long rejected, long providerThrottled, long waitedMillis,
			Map<String, Long> routedTo) {

		/** No call seen. */
		public static final CallCounts NONE = new CallCounts(0, 0, 0, 0, 0);

		/**
		 * Counts of a model whose calls were never routed.
		 * @param admitted calls admitted without waiting
		 * @param waited calls admitted after waiting for budget
		 * @param rejected calls the limiter refused
		 * @param providerThrottled provider refusals (429) observed
		 * @param waitedMillis time the waiting calls waited, summed
		 */
		public CallCounts(long admitted, long waited, long rejected, long providerThrottled, long waitedMillis) {
			this(admitted, waited, rejected, providerThrottled, waitedMillis, Map.of());
		}

		/**
		 * Copies the routes into an unmodifiable map.
		 */
		public CallCounts {
			routedTo = Collections.unmodifiableMap(new LinkedHashMap<>(routedTo));
		}

	}

	/** The counters of one model. */
	private static final class ModelCounts {

		private final LongAdder admitted = new LongAdder();

		private final LongAdder waited = new LongAdder();

		private final LongAdder rejected = new LongAdder();

		private final LongAdder providerThrottled = new LongAdder();

		private final LongAdder waitedNanos = new LongAdder();

		private final Map<String, LongAdder> routedTo = new ConcurrentSkipListMap<>();

		CallCounts snapshot() {
			Map<String, Long> routes = new LinkedHashMap<>();
			this.routedTo.forEach((fallback, count) -> routes.put(fallback, count.sum()));
			return new CallCounts(this.admitted.sum(), this.waited.sum(), this.rejected.sum(),
					this.providerThrottled.sum(), TimeUnit.NANOSECONDS.toMillis(this.waitedNanos.sum()), routes);
		}

	}

}
