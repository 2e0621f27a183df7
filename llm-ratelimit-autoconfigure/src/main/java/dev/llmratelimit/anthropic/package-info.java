/**
 * Integration with the official Anthropic Java SDK. API: the interceptor that makes a
 * client built by hand report its responses
 * ({@link dev.llmratelimit.anthropic.ObservingAnthropicHttpClient}); the request inspector,
 * usage extractor and failure responses are implementations of the SPIs, registered by
 * the auto-configuration; they live in the {@code internal} sub-package (not API).
 */
package dev.llmratelimit.anthropic;
