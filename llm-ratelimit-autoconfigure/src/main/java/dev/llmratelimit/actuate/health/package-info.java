/**
 * API: the health indicator of the rate limiter (store reachable, provider cooldowns).
 */
package dev.llmratelimit.actuate.health;
