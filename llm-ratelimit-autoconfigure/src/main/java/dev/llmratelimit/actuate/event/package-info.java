/**
 * API: application events the limiter publishes (a call throttled, a meter exhausted, a
 * limit changed, a reservation expired); listen to them with {@code @EventListener}.
 */
package dev.llmratelimit.actuate.event;
