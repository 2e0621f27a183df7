/**
 * Internal: not API, may change without notice. The in-memory
 * {@link dev.llmratelimit.store.BudgetStore}, the default store, registered by the
 * auto-configuration.
 */
package dev.llmratelimit.store.memory.internal;
