package dev.llmratelimit.actuate.event.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;
import dev.llmratelimit.actuate.event.LlmCallThrottledEvent;
import dev.llmratelimit.actuate.event.LlmLimitChangedEvent;
import dev.llmratelimit.actuate.event.LlmMeterExhaustedEvent;
import dev.llmratelimit.actuate.event.LlmReservationExpiredEvent;
import dev.llmratelimit.core.Cost;
import dev.llmratelimit.core.Lease;
import dev.llmratelimit.core.LimiterListener;
import dev.llmratelimit.core.ProviderSnapshot;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the limiter's notable moments as Spring application events:
 * {@link LlmCallThrottledEvent}, {@link LlmLimitChangedEvent},
 * {@link LlmMeterExhaustedEvent} (once per exhaustion episode) and
 * {@link LlmReservationExpiredEvent}.
 */
public final class LlmRateLimitEventPublisher implements LimiterListener {

	private final ApplicationEventPublisher publisher;

	private final Supplier<LlmRateLimiter> limiter;

	private final Map<String, Set<Meter>> exhausted = new ConcurrentHashMap<>();

	/**
	 * Creates the publisher.
	 * @param publisher where to publish events
	 * @param limiter the limiter, looked up when a delayed call needs its binding meter (the
	 * limiter is built with this listener, so it cannot be passed directly); it may return
	 * {@code null}
	 */
	public LlmRateLimitEventPublisher(ApplicationEventPublisher publisher, Supplier<LlmRateLimiter> limiter) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		this.limiter = Objects.requireNonNull(limiter, "limiter");
	}

	@Override
	public void removed(String model) {
		this.exhausted.remove(model);
	}

	@Override
	public void admitted(String model, long waitedNanos, Cost reserved) {
		Set<Meter> meters = exhaustedMeters(model);
		if (waitedNanos <= 0) {
			meters.clear();
		}
		else if (meters.isEmpty()) {
			bindingMeterAfterWait(model).ifPresent((meter) -> startEpisode(model, meter, null));
		}
	}

	@Override
	public void rejected(String model, Meter meter, long retryAfterNanos) {
		// a refill meter with no known wait refused a call that can never fit (or one its
		// pacer could not start in time): the meter itself is not exhausted
		boolean exhausted = meter != null && (retryAfterNanos >= 0 || !meter.refills());
		if (exhausted) {
			startEpisode(model, meter, (retryAfterNanos > 0) ? Duration.ofNanos(retryAfterNanos) : null);
		}
	}

	@Override
	public void observed(String model, ProviderSnapshot snapshot) {
		if (snapshot.isRateLimited()) {
			this.publisher
				.publishEvent(new LlmCallThrottledEvent(model, snapshot.throttledMeter(), snapshot.retryAfter()));
		}
	}

	@Override
	public void limitChanged(String model, Meter meter, long previousLimit, long newLimit) {
		this.publisher.publishEvent(new LlmLimitChangedEvent(model, meter, previousLimit, newLimit));
	}

	@Override
	public void leaseExpired(String model, Lease lease) {
		this.publisher.publishEvent(new LlmReservationExpiredEvent(model, lease.id(), lease.cost().asMap()));
	}

	private void startEpisode(String model, Meter meter, Duration retryAfter) {
		if (exhaustedMeters(model).add(meter)) {
			this.publisher.publishEvent(new LlmMeterExhaustedEvent(model, meter, retryAfter));
		}
	}

	private Optional<Meter> bindingMeterAfterWait(String model) {
		LlmRateLimiter current = this.limiter.get();
		if (current == null) {
			return Optional.empty();
		}
		return current.headroom(model)
			.filter((headroom) -> headroom.cooldownUntil() == null)
			.map(Headroom::bindingMeter);
	}

	private Set<Meter> exhaustedMeters(String model) {
		return this.exhausted.computeIfAbsent(model, (id) -> ConcurrentHashMap.newKeySet());
	}

}
