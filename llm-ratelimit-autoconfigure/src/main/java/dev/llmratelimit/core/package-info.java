/**
 * SPI of the budget engine, with no Spring imports: how a provider speaks
 * ({@link dev.llmratelimit.core.ProviderDialect}, the {@link dev.llmratelimit.core.ProviderSnapshot}
 * it reads from a response and the {@link dev.llmratelimit.core.AccountingRule} that prices a
 * call in {@link dev.llmratelimit.core.Cost}), the clock ({@link dev.llmratelimit.core.TimeSource}),
 * what the limiter does ({@link dev.llmratelimit.core.LimiterListener}) and where a failed call's
 * provider response is found ({@link dev.llmratelimit.core.FailureResponses}). The engine itself
 * (buckets, atomic multi-meter reservations, FIFO waiting, reconciliation and cooldowns) lives
 * in {@code dev.llmratelimit.core.internal}.
 */
package dev.llmratelimit.core;
