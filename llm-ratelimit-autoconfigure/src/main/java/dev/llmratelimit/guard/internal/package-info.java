/**
 * Internal: the built-in {@link dev.llmratelimit.guard.ReturnTypeHandler}s of the
 * guarded-call template ({@code CompletionStage}, Reactor's {@code Mono} and {@code Flux})
 * the Reactor plumbing they share and the settlement of a call
 * ({@link dev.llmratelimit.guard.internal.CallSettlement}). Public only for the auto-configuration; not for use
 * outside this library.
 */
package dev.llmratelimit.guard.internal;
