/**
 * Spring Boot auto-configuration of the rate limiter and its integrations. API: the
 * {@code llm.ratelimit.*} properties ({@link dev.llmratelimit.autoconfigure.LlmRateLimitProperties};
 * the {@code llm.ratelimit.health.*} and {@code llm.ratelimit.redis.*} groups are bound by
 * package-private classes) and the auto-configuration classes' names, for excluding them;
 * what they do is internal.
 */
package dev.llmratelimit.autoconfigure;
