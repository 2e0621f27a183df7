/**
 * Spring HTTP client support: hooks for {@code RestClient} and {@code WebClient} that
 * report every provider response (rate-limit headers, 429s) to the limiter, and the
 * provider responses carried by their exceptions.
 */
package dev.llmratelimit.http;
