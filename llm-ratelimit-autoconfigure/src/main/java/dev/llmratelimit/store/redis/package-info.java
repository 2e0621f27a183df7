/**
 * The Redis budget store, an implementation of the {@link dev.llmratelimit.store.BudgetStore}
 * SPI created by the auto-configuration: budgets shared by every instance of an
 * application, one Lua script per operation, with a failure policy for when Redis cannot
 * be reached.
 */
package dev.llmratelimit.store.redis;
