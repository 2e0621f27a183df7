package dev.llmratelimit.pacing.internal;

import java.util.Objects;

import dev.llmratelimit.core.internal.RequestPacer;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * {@link RequestPacer} backed by a resilience4j {@link RateLimiter} that grants one start
 * per interval. It only spaces request starts: token budgets stay with the engine, whose
 * continuous refill and refunds resilience4j's fixed cycles cannot express.
 */
final class Resilience4jRequestPacer implements RequestPacer {

	private final RateLimiter rateLimiter;

	/**
	 * Creates a pacer around a rate limiter.
	 * @param rateLimiter the rate limiter, typically one permit per period; its timeout
	 * caps how long any call waits for a slot
	 */
	public Resilience4jRequestPacer(RateLimiter rateLimiter) {
		this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
	}

	/**
	 * The rate limiter this pacer waits on.
	 * @return the resilience4j rate limiter
	 */
	public RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	@Override
	public long acquire(long timeoutNanos) {
		// resilience4j only knows one timeout per limiter: refuse a call early when its own
		// shorter timeout cannot be met, before a slot is taken for it.
		if (nanosToWait() > timeoutNanos) {
			return -1;
		}
		long start = System.nanoTime();
		if (!this.rateLimiter.acquirePermission()) {
			return -1;
		}
		return System.nanoTime() - start;
	}

	private long nanosToWait() {
		if (this.rateLimiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics) {
			return metrics.getNanosToWait();
		}
		return (this.rateLimiter.getMetrics().getAvailablePermissions() > 0) ? 0 : Long.MAX_VALUE;
	}

}
