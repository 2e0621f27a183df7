/**
 * The budget engine: buckets, atomic multi-meter reservations, FIFO waiting,
 * reconciliation and cooldowns, on an injected clock, with no Spring imports. SPI:
 * {@link dev.llmratelimit.core.ProviderDialect}, {@link dev.llmratelimit.core.TimeSource},
 * {@link dev.llmratelimit.core.LimiterListener}, {@link dev.llmratelimit.core.FailureResponses}
 * and {@link dev.llmratelimit.core.BudgetFactory}; everything else is internal.
 */
package dev.llmratelimit.core;
