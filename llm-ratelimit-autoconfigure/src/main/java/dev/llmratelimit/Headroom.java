package dev.llmratelimit;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
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
 */
public record Headroom(String model, String provider, Map<Meter, MeterHeadroom> meters, Meter bindingMeter,
		int inFlight, int waiting, Instant cooldownUntil, double inputEstimateRatio) {

	/**
	 * Copies the meters into an unmodifiable map.
	 */
	public Headroom {
		meters = meters.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(meters));
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

}
