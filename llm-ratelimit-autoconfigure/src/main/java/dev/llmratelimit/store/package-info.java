/**
 * SPI: budget stores. A {@link dev.llmratelimit.store.BudgetStore} creates the budget each
 * model lives in and reports its {@link dev.llmratelimit.store.StoreHealth} to the health
 * indicator and the {@code llmlimits} endpoint. The budget contract a store implements
 * ({@code dev.llmratelimit.core.internal.Budget}) is the engine's and not stable API. The
 * in-memory and Redis implementations live in the packages below.
 */
package dev.llmratelimit.store;
