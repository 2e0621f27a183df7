/**
 * API: a real {@code redis-server} for tests of applications that share their budgets in
 * Redis ({@link dev.llmratelimit.test.redis.LocalRedisServer}).
 */
package dev.llmratelimit.test.redis;
