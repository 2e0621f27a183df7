package dev.llmratelimit.guard.internal;

import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;
import reactor.core.publisher.Flux;

/**
 * {@link ReturnTypeHandler} for calls returning a Reactor {@link Flux}, streamed
 * responses for example: the call is made at once, and each subscription to its
 * result reserves budget first; the usage found in its elements (usually the last one)
 * settles the reservation when the stream completes, fails or is cancelled.
 */
public final class FluxReturnTypeHandler implements ReturnTypeHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return Flux.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(GuardedInvocation invocation) throws Throwable {
		Flux<?> result = (Flux<?>) invocation.proceed();
		return (result != null) ? ReactiveSettlements.flux(invocation::newSettlement, result) : null;
	}

}
