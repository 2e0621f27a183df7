/**
 * The guarded-call template, API: {@link dev.llmratelimit.guard.LlmCallTemplate} runs a
 * call inside a reservation of its model's budget (resolve, reserve, run, settle) for plain
 * results, {@code CompletionStage}s and Reactor's {@code Mono} and {@code Flux};
 * {@link dev.llmratelimit.guard.ReservationContext} tells code deeper in a call which
 * reservation it runs in. Extension point (SPI): {@link dev.llmratelimit.guard.ReturnTypeHandler}
 * for other kinds of results, which runs a {@link dev.llmratelimit.guard.GuardedInvocation}
 * and settles it through its {@link dev.llmratelimit.guard.GuardedInvocation.Settlement}.
 */
package dev.llmratelimit.guard;
