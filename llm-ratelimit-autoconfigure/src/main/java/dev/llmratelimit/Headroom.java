package dev.llmratelimit;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Live picture of one model's budget: what each meter can still admit, which meter binds,
 * and how many calls are in flight or waiting.
 *
 * @param model the model id
 * @param provider the provider dialect in use, or {@code null} if not known yet
 * @param meters headroom per limited meter
 * @param bindingMeter the meter closest to exhaustion, or {@code null} when no meter is
 * limited
 * @param inFlight calls admitted and not yet settled
 * @param waiting calls queued for budget
 * @param cooldownUntil instant until which the provider asked to stop calling, or
 * {@code null}
 * @param inputEstimateRatio factor applied to input estimates, learned from the input
 * tokens the provider reported per estimated token (1 until learned, or when calibration
 * is off)
 * @param waitingByPriority calls queued per priority; empty when the store does not rank
 * calls
 * @param keysNearShare keys (tenants) holding most of their share of a meter, the fullest
 * first; empty when keys are not capped
 */
public record Headroom(String model, String provider, Map<Meter, MeterHeadroom> meters, Meter bindingMeter,
		int inFlight, int waiting, Instant cooldownUntil, double inputEstimateRatio,
		Map<Priority, Integer> waitingByPriority, List<KeyHeadroom> keysNearShare) {

	/**
	 * Copies the meters, queues and keys into unmodifiable collections.
	 */
	public Headroom {
		meters = meters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(meters));
		waitingByPriority = waitingByPriority.isEmpty() ? Map.of()
				: Collections.unmodifiableMap(new EnumMap<>(waitingByPriority));
		keysNearShare = List.copyOf(keysNearShare);
	}

	/**
	 * Headroom of a model whose store does not rank calls or cap keys.
	 * @param model the model id
	 * @param provider the provider dialect in use, or {@code null} if not known yet
	 * @param meters headroom per limited meter
	 * @param bindingMeter the meter closest to exhaustion, or {@code null}
	 * @param inFlight calls admitted and not yet settled
	 * @param waiting calls queued for budget
	 * @param cooldownUntil end of the provider's cooldown, or {@code null}
	 * @param inputEstimateRatio factor applied to input estimates
	 */
	public Headroom(String model, String provider, Map<Meter, MeterHeadroom> meters, Meter bindingMeter,
			int inFlight, int waiting, Instant cooldownUntil, double inputEstimateRatio) {
		this(model, provider, meters, bindingMeter, inFlight, waiting, cooldownUntil, inputEstimateRatio, Map.of(),
				List.of());
	}

	/**
	 * Headroom of a model whose input estimates are used as they are.
	 * @param model the model id
	 * @param provider the provider dialect in use, or {@code null} if not known yet
	 * @param meters headroom per limited meter
	 * @param bindingMeter the meter closest to exhaustion, or {@code null}
	 * @param inFlight calls admitted and not yet settled
	 * @param waiting calls queued for budget
	 * @param cooldownUntil end of the provider's cooldown, or {@code null}
	 */
	public Headroom(String model, String provider, Map<Meter, MeterHeadroom> meters, Meter bindingMeter,
			int inFlight, int waiting, Instant cooldownUntil) {
		this(model, provider, meters, bindingMeter, inFlight, waiting, cooldownUntil, 1.0);
	}

	/**
	 * A key (a tenant) near its share of a model's meters.
	 *
	 * @param key the key
	 * @param meter the meter it holds the largest part of
	 * @param share the part of that meter's limit it holds, from 0 to 1
	 * @param maxShare the most it may hold ({@code max-share-per-key})
	 */
	public record KeyHeadroom(String key, Meter meter, double share, double maxShare) {
	}

	/**
	 * Headroom of one meter.
	 *
	 * @param limit the meter's limit
	 * @param available what the meter could admit now (may be negative while it is in debt
	 * because calls used more than they reserved)
	 * @param source where the limit came from
	 * @param externalRate what others on the same provider key are estimated to spend, in
	 * units per the meter's window (zero when nobody else is seen)
	 */
	public record MeterHeadroom(long limit, double available, LimitSource source, double externalRate) {

		/**
		 * Headroom of a meter nobody else is seen spending.
		 * @param limit the meter's limit
		 * @param available what the meter could admit now
		 * @param source where the limit came from
		 */
		public MeterHeadroom(long limit, double available, LimitSource source) {
			this(limit, available, source, 0);
		}

		/**
		 * Fraction of the limit still available, between 0 and 1.
		 * @return the available fraction
		 */
		public double availableFraction() {
			return Math.max(0, Math.min(1, this.available / this.limit));
		}

	}

	/**
	 * Where the limit of a meter came from.
	 */
	public enum LimitSource {

		/** Configured in {@code llm.ratelimit.models.*}. */
		CONFIG,

		/** Reported by the provider in its rate-limit headers. */
		HEADERS;

		/**
		 * Lowercase name used in the Actuator endpoint.
		 * @return {@code config} or {@code headers}
		 */
		public String jsonName() {
			return name().toLowerCase(Locale.ROOT);
		}

		@Override
		public String toString() {
			return jsonName();
		}

	}

}
