package dev.llmratelimit.actuate;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Meter;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} showing the live headroom of every model: per meter its limit,
 * what is available now and where the limit came from, the binding meter, calls in flight
 * and waiting, any provider cooldown, and the learned input estimate ratio.
 */
@Endpoint(id = "llmlimits")
public class LlmLimitsEndpoint {

	private final LlmRateLimiter limiter;

	/**
	 * Creates the endpoint.
	 * @param limiter the limiter whose budgets are shown
	 */
	public LlmLimitsEndpoint(LlmRateLimiter limiter) {
		this.limiter = limiter;
	}

	/**
	 * Headroom of every model with a budget.
	 * @return the models, in registration order
	 */
	@ReadOperation
	public ModelsDescriptor models() {
		Map<String, ModelDescriptor> models = new LinkedHashMap<>();
		this.limiter.headroom().forEach((id, headroom) -> models.put(id, ModelDescriptor.of(headroom)));
		return new ModelsDescriptor(Collections.unmodifiableMap(models));
	}

	/**
	 * Headroom of one model.
	 * @param model the model id (or an alias)
	 * @return the model, or {@code null} when it has no budget (404 over HTTP)
	 */
	@ReadOperation
	public ModelDescriptor model(@Selector String model) {
		return this.limiter.headroom(model).map(ModelDescriptor::of).orElse(null);
	}

	/**
	 * Headroom of every model.
	 *
	 * @param models headroom by model id
	 */
	public record ModelsDescriptor(Map<String, ModelDescriptor> models) implements OperationResponseBody {
	}

	/**
	 * Headroom of one model.
	 *
	 * @param provider the provider dialect in use, or {@code null} while unknown
	 * @param meters headroom by meter name ({@code requests-per-minute}, ...)
	 * @param bindingMeter the meter closest to exhaustion, or {@code null}
	 * @param inFlight calls admitted and not yet settled
	 * @param waiting calls queued for budget
	 * @param cooldownUntil end of a provider cooldown, or {@code null}
	 * @param inputEstimateRatio factor applied to input estimates, learned from reported
	 * usage, to three decimals
	 */
	public record ModelDescriptor(String provider, Map<String, MeterDescriptor> meters, String bindingMeter,
			int inFlight, int waiting, Instant cooldownUntil,
			double inputEstimateRatio) implements OperationResponseBody {

		static ModelDescriptor of(Headroom headroom) {
			Map<String, MeterDescriptor> meters = new LinkedHashMap<>();
			headroom.meters().forEach((meter, meterHeadroom) -> meters.put(meter.propertyName(),
					MeterDescriptor.of(meterHeadroom)));
			Meter binding = headroom.bindingMeter();
			return new ModelDescriptor(headroom.provider(), Collections.unmodifiableMap(meters),
					(binding != null) ? binding.propertyName() : null, headroom.inFlight(), headroom.waiting(),
					headroom.cooldownUntil(), Math.round(headroom.inputEstimateRatio() * 1000) / 1000.0);
		}

	}

	/**
	 * Headroom of one meter.
	 *
	 * @param limit the meter's limit
	 * @param available what it could admit now, to one decimal
	 * @param source {@code config} or {@code headers}
	 */
	public record MeterDescriptor(long limit, double available, String source) {

		static MeterDescriptor of(MeterHeadroom headroom) {
			double available = Math.round(headroom.available() * 10) / 10.0;
			return new MeterDescriptor(headroom.limit(), available, headroom.source().jsonName());
		}

	}

}
