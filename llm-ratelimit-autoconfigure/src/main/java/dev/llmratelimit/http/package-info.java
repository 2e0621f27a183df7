/**
 * Integration with Spring's HTTP clients. API: the hooks for {@code RestClient} and
 * {@code WebClient} that report every provider response (rate-limit headers, 429s) to the
 * limiter, for clients built by hand; the provider responses carried by their exceptions
 * are implementations of the {@link dev.llmratelimit.core.FailureResponses} SPI.
 */
package dev.llmratelimit.http;
