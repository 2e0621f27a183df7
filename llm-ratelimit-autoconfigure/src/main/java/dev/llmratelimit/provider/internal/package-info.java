/**
 * Internal: not API, may change without notice. Provider dialects, implementations of the
 * {@link dev.llmratelimit.core.ProviderDialect} SPI: how Anthropic, OpenAI, Azure OpenAI,
 * Groq, Gemini and IETF-style servers report rate limits in headers and refusals, and how
 * each charges a call. The dialects' ids are API (the {@code provider} property); the
 * classes are wired by the auto-configuration.
 */
package dev.llmratelimit.provider.internal;
