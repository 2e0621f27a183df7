/**
 * Spring HTTP client support: provider responses carried by {@code RestClient} and
 * {@code WebClient} exceptions.
 */
package dev.llmratelimit.http;
