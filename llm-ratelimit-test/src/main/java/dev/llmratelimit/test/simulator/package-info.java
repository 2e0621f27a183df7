/**
 * API: a simulated LLM provider, without HTTP: per-model token buckets that admit, refuse
 * and reconcile requests as Anthropic and OpenAI do, with the rate-limit headers of each,
 * scheduled limit changes and neighbours spending the same key.
 * {@link dev.llmratelimit.test.simulator.SimulatedProvider} is the entry point.
 */
package dev.llmratelimit.test.simulator;
