/**
 * Internal: not API, may change without notice. Implementations wired by the
 * auto-configuration (the customizers that add the hooks to every auto-configured
 * {@code RestClient.Builder} and {@code WebClient.Builder}, the failure responses of Spring's
 * HTTP clients); public only so that it can reach them.
 */
package dev.llmratelimit.http.internal;
