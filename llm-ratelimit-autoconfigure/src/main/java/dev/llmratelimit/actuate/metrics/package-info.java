/**
 * API: the Micrometer meters of the rate limiter and their names, all in
 * {@link dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames}.
 */
package dev.llmratelimit.actuate.metrics;
