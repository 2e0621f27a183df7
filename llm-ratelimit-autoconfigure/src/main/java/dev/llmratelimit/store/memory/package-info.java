/**
 * The in-memory budget store, the default: an implementation of the
 * {@link dev.llmratelimit.store.BudgetStore} SPI, created by the auto-configuration.
 */
package dev.llmratelimit.store.memory;
