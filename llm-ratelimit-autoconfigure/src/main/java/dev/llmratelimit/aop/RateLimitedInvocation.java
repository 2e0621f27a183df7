package dev.llmratelimit.aop;

import java.util.function.Supplier;

import org.aspectj.lang.ProceedingJoinPoint;

/**
 * A call to an {@code @LlmRateLimited} method, handed to a {@link ReturnTypeHandler}: the
 * handler reserves budget through a {@link CallSettlement} when the call really starts
 * (when it is made, or when its result is subscribed to), runs the method, and settles the
 * reservation when the call is over.
 */
public final class RateLimitedInvocation {

	private final ProceedingJoinPoint joinPoint;

	private final Supplier<CallSettlement> settlements;

	RateLimitedInvocation(ProceedingJoinPoint joinPoint, Supplier<CallSettlement> settlements) {
		this.joinPoint = joinPoint;
		this.settlements = settlements;
	}

	/**
	 * Starts the accounting of one run of the call; a stream subscribed to twice runs
	 * twice, each with its own settlement.
	 * @return a settlement that has not reserved yet
	 */
	public CallSettlement newSettlement() {
		return this.settlements.get();
	}

	/**
	 * Runs the method.
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	public Object proceed() throws Throwable {
		return this.joinPoint.proceed();
	}

}
