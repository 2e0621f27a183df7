/**
 * Internal: not API, may change without notice. The health indicator of the rate limiter
 * (store reachable, provider cooldowns), registered by the auto-configuration.
 */
package dev.llmratelimit.actuate.health.internal;
