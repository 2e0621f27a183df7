package dev.llmratelimit.pacing.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

import dev.llmratelimit.ModelLimits;
import dev.llmratelimit.core.internal.RequestPacer;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

/**
 * Makes the request pacer of each model that asks for pacing: a resilience4j rate limiter
 * named {@code llm-<model>} with one permit per pacing interval, registered in a
 * {@link RateLimiterRegistry} so resilience4j's tooling (metrics, events) sees it.
 */
public final class RequestPacers implements Function<ModelLimits, RequestPacer> {

	/** Prefix of the rate limiter names in the registry. */
	public static final String NAME_PREFIX = "llm-";

	private final RateLimiterRegistry registry;

	private final Duration maxTimeout;

	/**
	 * Creates a pacer factory.
	 * @param registry where the rate limiters are registered
	 * @param maxTimeout the longest any call may wait for its start slot
	 */
	public RequestPacers(RateLimiterRegistry registry, Duration maxTimeout) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.maxTimeout = Objects.requireNonNull(maxTimeout, "maxTimeout");
	}

	/**
	 * Creates the pacer of a model.
	 * @param limits the model's limits
	 * @return the pacer, or {@code null} when the model is not paced
	 */
	@Override
	public RequestPacer apply(ModelLimits limits) {
		Duration interval = limits.pacingInterval();
		if (interval == null) {
			return null;
		}
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(1)
			.limitRefreshPeriod(interval)
			.timeoutDuration(this.maxTimeout)
			.build();
		RateLimiter rateLimiter = this.registry.rateLimiter(NAME_PREFIX + limits.model(), config);
		return new Resilience4jRequestPacer(rateLimiter);
	}

}
