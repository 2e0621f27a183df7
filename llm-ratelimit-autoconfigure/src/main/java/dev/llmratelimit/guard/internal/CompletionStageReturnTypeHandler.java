package dev.llmratelimit.guard.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation.Settlement;

/**
 * {@link ReturnTypeHandler} for calls returning a {@link CompletionStage} (a
 * {@code CompletableFuture}, say): budget is reserved when the call is made, on the
 * calling thread, and the reservation is settled when the stage completes; a cancelled
 * future settles as reserved. The caller gets the call's own stage back.
 */
public final class CompletionStageReturnTypeHandler implements ReturnTypeHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return CompletionStage.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(GuardedInvocation invocation) throws Throwable {
		Settlement settlement = invocation.newSettlement();
		Object result = invocation.proceedReserved(settlement);
		if (result == null) {
			settlement.complete(null);
			return null;
		}
		((CompletionStage<?>) result).whenComplete((value, failure) -> {
			if (failure == null) {
				settlement.complete(value);
				return;
			}
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			if (cause instanceof CancellationException) {
				settlement.cutShort();
			}
			else {
				settlement.fail(cause);
			}
		});
		return result;
	}

}
