/**
 * Internal: not API, may change without notice. The {@code llmlimits} Actuator endpoint,
 * its web extension and dashboard, the call counts and the advice computed from what the
 * limiter saw; registered by the auto-configuration.
 */
package dev.llmratelimit.actuate.internal;
