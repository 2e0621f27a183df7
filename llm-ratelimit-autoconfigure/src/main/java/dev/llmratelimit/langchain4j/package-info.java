/**
 * Integration with LangChain4j. API: the rate-limited {@code ChatModel} decorator
 * ({@link dev.llmratelimit.langchain4j.RateLimitedChatModel}) for models built by hand; the
 * request inspector, usage extractor and failure responses are implementations of the
 * SPIs, registered by the auto-configuration; they live in the {@code internal} sub-package (not API).
 */
package dev.llmratelimit.langchain4j;
