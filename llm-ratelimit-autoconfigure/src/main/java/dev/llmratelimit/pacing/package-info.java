/**
 * Internal: request pacing through resilience4j's {@code RateLimiter}, spacing request
 * starts of the models that ask for it.
 */
package dev.llmratelimit.pacing;
