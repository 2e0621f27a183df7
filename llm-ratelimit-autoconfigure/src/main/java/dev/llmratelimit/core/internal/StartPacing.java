package dev.llmratelimit.core.internal;

import dev.llmratelimit.Meter;
import dev.llmratelimit.core.Cost;

/**
 * Spaces the starts of a model's calls through its {@link RequestPacer}, if it has one,
 * after checking that the call can fit at all (a call that never fits must not take a
 * start slot).
 */
final class StartPacing {

	private final Refusals refusals;

	StartPacing(Refusals refusals) {
		this.refusals = refusals;
	}

	/**
	 * Takes a start slot.
	 * @return how long the call waited for it, in nanos
	 * @throws dev.llmratelimit.LlmRateLimitExceededException if no slot comes in time
	 * @throws dev.llmratelimit.LlmRequestTooLargeException if the call can never fit
	 */
	long pace(ManagedModel managed, Cost cost, long maxWaitNanos) {
		RequestPacer pacer = managed.pacer();
		if (pacer == null) {
			return 0;
		}
		requireFits(managed, cost);
		long waited = pacer.acquire(Math.max(0, maxWaitNanos));
		if (waited < 0) {
			throw this.refusals.exceeded(managed, Meter.REQUESTS_PER_MINUTE, Admission.UNKNOWN_WAIT);
		}
		return waited;
	}

	private void requireFits(ManagedModel managed, Cost cost) {
		managed.budget().state().meters().forEach((meter, state) -> {
			if (cost.amount(meter) > state.limit()) {
				throw this.refusals.tooLarge(managed, Admission.tooLarge(meter, state.limit()), cost);
			}
		});
	}

}
