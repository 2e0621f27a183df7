/**
 * API: the programmatic rate limiter ({@link dev.llmratelimit.LlmRateLimiter}, one model's
 * {@link dev.llmratelimit.ModelRateLimiter}), what it hands out and takes
 * ({@link dev.llmratelimit.Reservation}, {@link dev.llmratelimit.ReservationRequest},
 * {@link dev.llmratelimit.LlmUsage}, {@link dev.llmratelimit.ProviderResponse}), how limits
 * are described ({@link dev.llmratelimit.ModelLimits}, {@link dev.llmratelimit.Meter},
 * {@link dev.llmratelimit.Headroom}) and the exceptions it throws.
 */
package dev.llmratelimit;
