/**
 * API: llm-ratelimit's test kit. {@link dev.llmratelimit.test.SimulatedProviderExtension}
 * starts a simulated Anthropic or OpenAI endpoint for a JUnit 5 test;
 * {@link dev.llmratelimit.test.ManualClock} and {@link dev.llmratelimit.test.ScaledClock}
 * drive it and the client under test on one clock.
 */
package dev.llmratelimit.test;
