package dev.llmratelimit.guard;

import dev.llmratelimit.guard.ReturnTypeHandler.GuardedInvocation;

/**
 * {@link ReturnTypeHandler} for calls that return their result directly: the call is over
 * when it returns or throws.
 */
final class PlainReturnTypeHandler implements ReturnTypeHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return true;
	}

	@Override
	public Object handle(GuardedInvocation invocation) throws Throwable {
		GuardedInvocation.Settlement settlement = invocation.newSettlement();
		Object result = invocation.proceedReserved(settlement);
		settlement.complete(result);
		return result;
	}

}
