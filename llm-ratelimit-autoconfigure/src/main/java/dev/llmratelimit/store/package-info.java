/**
 * SPI: budget stores, the {@link dev.llmratelimit.store.BudgetStore} a budget lives in, with
 * its in-memory and Redis implementations in the packages below.
 */
package dev.llmratelimit.store;
