/**
 * Routing benchmark (internal): fallbacks, priorities and tenants of llm-ratelimit against
 * the in-process provider simulator of the test kit, on scaled simulated time.
 */
package dev.llmratelimit.benchmarks.routing;
