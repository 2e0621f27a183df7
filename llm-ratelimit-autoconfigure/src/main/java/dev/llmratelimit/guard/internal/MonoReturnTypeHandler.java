package dev.llmratelimit.guard.internal;

import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;
import reactor.core.publisher.Mono;

/**
 * {@link ReturnTypeHandler} for calls returning a Reactor {@link Mono}: the call is
 * made at once, and each subscription to its result reserves budget first and settles
 * when the result arrives, fails or is cancelled.
 */
public final class MonoReturnTypeHandler implements ReturnTypeHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(GuardedInvocation invocation) throws Throwable {
		Mono<?> result = (Mono<?>) invocation.proceed();
		return (result != null) ? ReactiveSettlements.mono(invocation::newSettlement, result) : null;
	}

}
