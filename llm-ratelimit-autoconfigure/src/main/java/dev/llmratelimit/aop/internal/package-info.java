/**
 * Internal: not API, may change without notice. The aspect behind
 * {@link dev.llmratelimit.annotation.LlmRateLimited}, which resolves the annotation's
 * attributes and runs the call through the guarded-call template
 * ({@link dev.llmratelimit.guard.LlmCallTemplate}).
 */
package dev.llmratelimit.aop.internal;
