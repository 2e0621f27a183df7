/**
 * Benchmarks (not published): end-to-end utilization of a simulated provider's quota by
 * each rate-limiting strategy, counting the provider's 429s.
 */
package dev.llmratelimit.benchmarks.utilization;
