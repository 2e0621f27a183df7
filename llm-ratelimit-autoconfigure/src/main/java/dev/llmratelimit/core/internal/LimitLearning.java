package dev.llmratelimit.core.internal;

import dev.llmratelimit.Headroom.LimitSource;
import dev.llmratelimit.Meter;
import dev.llmratelimit.core.ProviderSnapshot.MeterReading;

/**
 * Learns a meter's limit from a provider's figure.
 * <p>
 * Rule (mirrored by every store): a positive limit the provider reports wins over the
 * configured one and over none at all, and the meter's source becomes
 * {@link LimitSource#HEADERS}. A meter that was unlimited starts full. A limit that
 * differs from the one held is a <em>change</em> (a tier promotion, a cut): the caller then
 * moves the level to the provider's remaining figure, whatever this budget's bookkeeping
 * says, and forgets the external consumption it had estimated under the old limit.
 */
final class LimitLearning {

	private LimitLearning() {
	}

	/**
	 * Applies the limit of a reading.
	 * @param meters the budget's meters
	 * @param meter the meter read
	 * @param reading what the provider reported
	 * @param now the current time
	 * @param events where the change is recorded
	 * @return whether the limit changed (or the meter was unlimited until now)
	 */
	static boolean learn(MeterSet meters, Meter meter, MeterReading reading, long now, BudgetEvents events) {
		if (reading.limit() == null || reading.limit() <= 0) {
			return false;
		}
		long limit = reading.limit();
		LocalMeter local = meters.get(meter);
		if (local == null) {
			meters.add(meter, limit, LimitSource.HEADERS, now);
			events.limitChanged(meter, 0, limit);
			return true;
		}
		if (local.limit() == limit) {
			local.setLimit(limit, LimitSource.HEADERS);
			return false;
		}
		events.limitChanged(meter, local.limit(), limit);
		events.changedIf(limit > local.limit());
		local.setLimit(limit, LimitSource.HEADERS);
		return true;
	}

}
