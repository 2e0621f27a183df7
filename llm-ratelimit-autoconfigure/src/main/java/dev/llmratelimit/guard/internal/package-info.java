/**
 * Internal: the built-in {@link dev.llmratelimit.guard.ReturnTypeHandler}s of the
 * guarded-call template ({@code CompletionStage}, Reactor's {@code Mono} and {@code Flux})
 * and the Reactor plumbing they share. Public only for the auto-configuration; not for use
 * outside this library.
 */
package dev.llmratelimit.guard.internal;
