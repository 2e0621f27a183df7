package dev.llmratelimit.actuate.health.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.store.StoreHealth;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the rate limiter: UP with, per model, its cooldown, calls in flight and calls
 * waiting, and per budget store whether it is available with its details. DOWN when a
 * budget store cannot be reached, and, if so configured, while a provider cooldown holds a
 * model.
 */
public class LlmRateLimitHealthIndicator extends AbstractHealthIndicator {

	private final LlmRateLimiter limiter;

	private final List<StoreHealth> stores;

	private final boolean cooldownIsDown;

	/**
	 * Creates the indicator.
	 * @param limiter the limiter to report on
	 * @param stores the budget stores that can become unavailable
	 * @param cooldownIsDown whether a provider cooldown makes the health DOWN
	 */
	public LlmRateLimitHealthIndicator(LlmRateLimiter limiter, List<StoreHealth> stores, boolean cooldownIsDown) {
		super("Rate limiter health check failed");
		this.limiter = Objects.requireNonNull(limiter, "limiter");
		this.stores = List.copyOf(stores);
		this.cooldownIsDown = cooldownIsDown;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean storeDown = false;
		Map<String, Object> stores = new LinkedHashMap<>();
		for (StoreHealth store : this.stores) {
			boolean available = store.isAvailable();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("available", available);
			details.putAll(store.details());
			stores.put(store.name(), details);
			storeDown |= !available;
		}
		if (!stores.isEmpty()) {
			builder.withDetail("stores", stores);
		}
		boolean coolingDown = false;
		Map<String, Object> models = new LinkedHashMap<>();
		for (Headroom headroom : this.limiter.headroom().values()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("inFlight", headroom.inFlight());
			details.put("waiting", headroom.waiting());
			Instant cooldownUntil = headroom.cooldownUntil();
			details.put("cooldownUntil", (cooldownUntil != null) ? cooldownUntil.toString() : null);
			coolingDown |= cooldownUntil != null;
			models.put(headroom.model(), details);
		}
		builder.withDetail("models", models);
		if (storeDown || (coolingDown && this.cooldownIsDown)) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
