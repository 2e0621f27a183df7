package dev.llmratelimit.core.internal;

import java.util.Map;

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
		Admission tooLarge = tooLarge(managed, cost);
		if (tooLarge != null) {
			throw this.refusals.tooLarge(managed, tooLarge, cost);
		}
		long waited = pacer.acquire(Math.max(0, maxWaitNanos));
		if (waited < 0) {
			throw this.refusals.exceeded(managed, Meter.REQUESTS_PER_MINUTE, Admission.UNKNOWN_WAIT);
		}
		return waited;
	}

	/**
	 * Takes a start slot for a call that may go to another model when none comes in time.
	 * A call that can never fit takes none: its budget answers it too large.
	 * @return how long the call waited for it, in nanos, or -1 when no slot came in time
	 */
	long trySlot(ManagedModel managed, Cost cost, long maxWaitNanos) {
		RequestPacer pacer = managed.pacer();
		if (pacer == null || tooLarge(managed, cost) != null) {
			return 0;
		}
		return pacer.acquire(Math.max(0, maxWaitNanos));
	}

	/** The too-large answer when a meter's limit is below the call's cost, else {@code null}. */
	private static Admission tooLarge(ManagedModel managed, Cost cost) {
		for (Map.Entry<Meter, MeterState> meter : managed.budget().state().meters().entrySet()) {
			if (cost.amount(meter.getKey()) > meter.getValue().limit()) {
				return Admission.tooLarge(meter.getKey(), meter.getValue().limit());
			}
		}
		return null;
	}

}
