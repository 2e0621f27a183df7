/**
 * The in-memory budget store, the default.
 */
package dev.llmratelimit.store.memory;
