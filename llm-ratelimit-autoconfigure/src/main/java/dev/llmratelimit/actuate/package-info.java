/**
 * API: the {@code llmlimits} Actuator endpoint and its response bodies, and the advice
 * computed from what the limiter saw.
 */
package dev.llmratelimit.actuate;
