/**
 * Provider dialects: how Anthropic, OpenAI, Azure OpenAI, Groq, Gemini and IETF-style
 * servers report rate limits in headers and refusals, and how each charges a call.
 */
package dev.llmratelimit.provider;
