/**
 * Internal: not API, may change without notice. The budget engine: the limiter
 * ({@link dev.llmratelimit.core.internal.BudgetLimiter}), the budget contract that stores
 * implement ({@link dev.llmratelimit.core.internal.Budget},
 * {@link dev.llmratelimit.core.internal.BudgetFactory}, admissions, tickets and states), the
 * in-memory budget with its meters, wait queue, leases and cooldown, and the call statistics,
 * dialect registry and standard accounting rule that other packages of this library use.
 * Types are public only so that those packages can reach them.
 */
package dev.llmratelimit.core.internal;
