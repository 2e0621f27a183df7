package dev.llmratelimit.test.simulator;

/**
 * Why a meter refused a request.
 *
 * @param meter the meter that needs the longest wait
 * @param waitNanos time until the request would fit
 * @param neverFits whether the request costs more than the meter's limit
 * @param limit the meter's limit
 * @param used units the meter had in use (its limit minus its level)
 * @param requested units the request needed
 */
record MeterRefusal(SimulatedMeter meter, long waitNanos, boolean neverFits, long limit, long used,
		long requested) {

}
