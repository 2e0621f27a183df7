/**
 * Actuator support: the {@code llmlimits} endpoint, the dashboard, the health indicator,
 * the Micrometer meters and the application events. The endpoint's JSON, the meter names
 * ({@link dev.llmratelimit.actuate.metrics.LlmRateLimitMetricNames}) and the events
 * ({@link dev.llmratelimit.actuate.event}) are API; the classes behind them are internal.
 */
package dev.llmratelimit.actuate;
