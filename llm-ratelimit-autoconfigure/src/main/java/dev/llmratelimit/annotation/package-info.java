/**
 * API: {@link dev.llmratelimit.annotation.LlmRateLimited}, which keeps a method's LLM calls
 * inside their model's rate limits.
 */
package dev.llmratelimit.annotation;
