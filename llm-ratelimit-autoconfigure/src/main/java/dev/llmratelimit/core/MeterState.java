package dev.llmratelimit.core;

import dev.llmratelimit.LimitSource;

/**
 * Snapshot of one meter of a budget.
 *
 * @param limit the meter's capacity
 * @param available what it could admit now (negative while in debt)
 * @param source where the limit came from
 */
public record MeterState(long limit, double available, LimitSource source) {
}
