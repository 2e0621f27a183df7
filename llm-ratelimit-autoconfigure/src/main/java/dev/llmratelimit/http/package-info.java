/**
 * Integration with Spring's HTTP clients. API: the hooks for {@code RestClient}
 * ({@link dev.llmratelimit.http.RateLimitHeadersInterceptor}) and {@code WebClient}
 * ({@link dev.llmratelimit.http.RateLimitHeadersFilter}) that report every provider response
 * (rate-limit headers, 429s) to the limiter through the
 * {@link dev.llmratelimit.http.ProviderResponseReporter}, for clients built by hand; the
 * auto-configuration adds them to every auto-configured builder. The provider responses
 * carried by their exceptions are implementations of the
 * {@link dev.llmratelimit.core.FailureResponses} SPI, in the {@code internal} sub-package.
 */
package dev.llmratelimit.http;
