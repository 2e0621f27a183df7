/**
 * Benchmarks (not published): many concurrent waiters and many models, their memory and
 * their queue order.
 */
package dev.llmratelimit.benchmarks.scale;
