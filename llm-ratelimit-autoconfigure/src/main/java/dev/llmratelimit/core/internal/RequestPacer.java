package dev.llmratelimit.core.internal;

/**
 * Spaces the starts of a model's requests so that a burst of callers trickles out instead
 * of stampeding the provider.
 */
@FunctionalInterface
public interface RequestPacer {

	/**
	 * Waits for this request's start slot.
	 * @param timeoutNanos longest time to wait
	 * @return nanoseconds waited, or -1 when no slot came within the timeout
	 */
	long acquire(long timeoutNanos);

}
