package dev.llmratelimit.actuate;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * and refused by the provider (429). Also sums the time calls waited. Thread-safe.
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
	 */
	public record CallCounts(long admitted, long waited, long rejected, long providerThrottled, long waitedMillis) {

		/** No call seen. */
		public static final CallCounts NONE = new CallCounts(0, 0, 0, 0, 0);

	}

	/** The counters of one model. */
	private static final class ModelCounts {

		private final LongAdder admitted = new LongAdder();

		private final LongAdder waited = new LongAdder();

		private final LongAdder rejected = new LongAdder();

		private final LongAdder providerThrottled = new LongAdder();

		private final LongAdder waitedNanos = new LongAdder();

		CallCounts snapshot() {
			return new CallCounts(this.admitted.sum(), this.waited.sum(), this.rejected.sum(),
					this.providerThrottled.sum(), TimeUnit.NANOSECONDS.toMillis(this.waitedNanos.sum()));
		}

	}

}
