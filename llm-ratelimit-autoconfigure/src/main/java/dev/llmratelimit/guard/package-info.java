/**
 * The guarded-call template, API: {@link dev.llmratelimit.guard.LlmCallTemplate} runs a
 * call inside a reservation of its model's budget (resolve, reserve, run, settle) for plain
 * results, {@code CompletionStage}s and Reactor's {@code Mono} and {@code Flux};
 * {@link dev.llmratelimit.guard.ReservationContext} tells code deeper in a call which
 * reservation it runs in. Extension point (SPI): a
 * {@link dev.llmratelimit.guard.ReturnTypeHandler} for other kinds of results runs the
 * handler's {@code GuardedInvocation} and settles it through its {@code Settlement}, both
 * nested in the handler's interface.
 */
package dev.llmratelimit.guard;
