/**
 * Integration with Spring AI. API: the {@code ChatClient} advisor
 * ({@link dev.llmratelimit.springai.LlmRateLimitChatClientAdvisor}) for clients built by
 * hand; the prompt inspector and response extractor are implementations of the SPIs,
 * registered by the auto-configuration; they live in the {@code internal} sub-package (not API).
 */
package dev.llmratelimit.springai;
