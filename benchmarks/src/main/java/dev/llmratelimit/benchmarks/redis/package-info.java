/**
 * Benchmarks (not published): round trips of a Redis-backed budget, against Bucket4j's
 * Lettuce proxy manager, on a local redis-server.
 */
package dev.llmratelimit.benchmarks.redis;
