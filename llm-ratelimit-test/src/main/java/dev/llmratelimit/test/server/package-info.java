/**
 * API: a {@link dev.llmratelimit.test.simulator.SimulatedProvider} served over HTTP on a
 * loopback port, in Anthropic's or OpenAI's wire format.
 */
package dev.llmratelimit.test.server;
