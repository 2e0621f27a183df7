package dev.llmratelimit.core;

/**
 * Budget held by one admitted call until it is settled or expires.
 *
 * @param id identifies the lease within its budget
 * @param cost what was debited at admission
 */
public record Lease(String id, Cost cost) {
}
