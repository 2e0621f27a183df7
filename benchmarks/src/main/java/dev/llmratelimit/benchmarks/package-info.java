/**
 * Benchmarks of llm-ratelimit (not published): JMH benchmarks of the reserve and settle
 * path, the aspect and the libraries compared, and the entry point that runs them all.
 */
package dev.llmratelimit.benchmarks;
