package dev.llmratelimit.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.llmratelimit.Headroom;
import dev.llmratelimit.Headroom.MeterHeadroom;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.TimeSource;

/**
 * Reads a model's live {@link Headroom} from its budget's state: every meter, the binding
 * one (lowest fraction available), calls in flight and waiting, and the cooldown.
 */
final class HeadroomReader {

	private final TimeSource time;

	HeadroomReader(TimeSource time) {
		this.time = time;
	}

	Headroom read(ManagedModel managed) {
		BudgetState state = managed.budget().state();
		Map<Meter, MeterHeadroom> meters = new EnumMap<>(Meter.class);
		Meter binding = null;
		double lowest = Double.MAX_VALUE;
		for (Map.Entry<Meter, MeterState> entry : state.meters().entrySet()) {
			MeterState meter = entry.getValue();
			MeterHeadroom headroom = new MeterHeadroom(meter.limit(), meter.available(), meter.source(),
					meter.externalRate());
			meters.put(entry.getKey(), headroom);
			double fraction = meter.available() / meter.limit();
			if (fraction < lowest) {
				lowest = fraction;
				binding = entry.getKey();
			}
		}
		Instant cooldownUntil = (state.cooldownRemainingNanos() > 0)
				? this.time.now().plusNanos(state.cooldownRemainingNanos()) : null;
		String provider = managed.dialectKnown() ? managed.dialect().id() : null;
		List<Headroom.KeyHeadroom> keys = new ArrayList<>(state.keysNearShare().size());
		state.keysNearShare()
			.forEach((key) -> keys.add(new Headroom.KeyHeadroom(key.key(), key.meter(), key.share(), key.maxShare())));
		return new Headroom(managed.id(), provider, meters, binding, state.inFlight(), state.waiting(), cooldownUntil,
				managed.calibration().ratio(), state.waitingByPriority(), keys);
	}

}
