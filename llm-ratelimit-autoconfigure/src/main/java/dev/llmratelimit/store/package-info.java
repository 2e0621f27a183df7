/**
 * Budget stores: the {@link dev.llmratelimit.store.BudgetStore} SPI and its in-memory and
 * Redis implementations.
 */
package dev.llmratelimit.store;
