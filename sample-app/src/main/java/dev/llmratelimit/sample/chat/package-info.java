/**
 * The sample's chat endpoint and the {@code @LlmRateLimited} service behind it.
 */
package dev.llmratelimit.sample.chat;
