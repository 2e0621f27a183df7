/**
 * Internal: not API, may change without notice. Implementations wired by the
 * auto-configuration; public only so that it can reach them.
 */
package dev.llmratelimit.langchain4j.internal;
