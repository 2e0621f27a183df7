/**
 * Internal: not API, may change without notice. Parts of the engine that other packages of
 * this library use (call statistics and the advice computed from them, the dialect
 * registry, the standard accounting rule); public only so that they can reach them.
 */
package dev.llmratelimit.core.internal;
