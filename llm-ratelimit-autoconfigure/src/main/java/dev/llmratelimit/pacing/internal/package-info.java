/**
 * Internal: not API, may change without notice. Request pacing through resilience4j's
 * {@code RateLimiter}, spacing request starts of the models that ask for it; an
 * implementation of the {@link dev.llmratelimit.core.internal.RequestPacer} SPI wired by the
 * auto-configuration.
 */
package dev.llmratelimit.pacing.internal;
