/**
 * Internal: helpers of the request inspectors, not for use outside this library.
 */
package dev.llmratelimit.usage.internal;
