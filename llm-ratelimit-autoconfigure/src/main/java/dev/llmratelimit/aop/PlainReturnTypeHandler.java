package dev.llmratelimit.aop;

/**
 * {@link ReturnTypeHandler} for methods that return their result directly: the call is over
 * when the method returns or throws.
 */
public final class PlainReturnTypeHandler implements ReturnTypeHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return true;
	}

	@Override
	public Object handle(RateLimitedInvocation invocation) throws Throwable {
		CallSettlement settlement = invocation.newSettlement();
		Object result;
		try (ReservationContext.Scope scope = ReservationContext.open(settlement.reserve())) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			settlement.fail(ex);
			throw ex;
		}
		settlement.complete(result);
		return result;
	}

}
