package dev.llmratelimit.core.internal;

import dev.llmratelimit.core.Cost;

/**
 * A call's place in a budget's FIFO queue.
 *
 * @param id identifies the ticket within its budget
 * @param cost what the call will be debited when its turn comes
 */
public record Ticket(String id, Cost cost) {
}
