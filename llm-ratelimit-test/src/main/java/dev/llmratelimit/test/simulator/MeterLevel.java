package dev.llmratelimit.test.simulator;

/**
 * One meter's state at the moment a response is written, what its rate-limit headers
 * report.
 *
 * @param meter the meter
 * @param limit its limit per minute
 * @param level units available now, below zero when in debt
 * @param nanosUntilFull time until the bucket is full again
 */
record MeterLevel(SimulatedMeter meter, long limit, double level, long nanosUntilFull) {

}
