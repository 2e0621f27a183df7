/**
 * Spring Boot auto-configuration of the rate limiter and its integrations. API: the
 * {@code llm.ratelimit.*} properties ({@link dev.llmratelimit.autoconfigure.LlmRateLimitProperties});
 * the auto-configuration classes themselves are internal.
 */
package dev.llmratelimit.autoconfigure;
