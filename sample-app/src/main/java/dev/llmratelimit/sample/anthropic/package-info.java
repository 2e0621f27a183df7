/**
 * The Anthropic Messages API wire format, as far as the sample app and the simulator use
 * it.
 */
package dev.llmratelimit.sample.anthropic;
