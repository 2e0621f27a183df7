package dev.llmratelimit.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.aop.LlmCallResolver.LlmCall;
import dev.llmratelimit.usage.TokenEstimator;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.PropertyResolver;

/**
 * Guards {@link LlmRateLimited} methods: reserves the model's budget before the call
 * (waiting up to the maximum wait), and settles it with the call's usage or failure after.
 * Exceptions thrown by the method pass through unchanged.
 * <p>
 * A call that throws because the provider refused it with a rate limit (see
 * {@link Reservation#isThrottled()}) can be run again, up to a maximum number of retries:
 * each attempt takes a new reservation, which waits out the provider's retry-after (the
 * refusal closed the model until then) within the call's maximum wait. When the wait does
 * not fit, the provider's refusal is thrown, with the limiter's exception suppressed.
 * Only calls that fail synchronously (plain return types) are retried; asynchronous
 * results settle after the method returned, too late to run it again here.
 */
@Aspect
public class LlmRateLimitedAspect {

	private final Supplier<LlmRateLimiter> limiter;

	private final LlmRateLimitedOperationSource operations;

	private final LlmCallResolver calls;

	private final List<ReturnTypeHandler> returnTypeHandlers;

	private final int maxRetries;

	/**
	 * Creates the aspect. The limiter and the estimator are looked up on first use, so
	 * that creating the aspect early (as advisors are) does not create them and their
	 * dependencies before every bean post-processor is ready.
	 * @param limiter supplies the limiter that holds the budgets
	 * @param estimator supplies the estimator of the input tokens of text
	 * @param placeholders resolves {@code ${...}} in model ids and waits
	 * @param beanFactory resolves {@code @bean} references in expressions, may be
	 * {@code null}
	 * @param returnTypeHandlers handlers for return types other than plain values, tried
	 * in order before the plain one
	 */
	public LlmRateLimitedAspect(Supplier<LlmRateLimiter> limiter, Supplier<TokenEstimator> estimator,
			PropertyResolver placeholders,
			BeanFactory beanFactory, List<ReturnTypeHandler> returnTypeHandlers) {
		this(limiter, estimator, placeholders, beanFactory, returnTypeHandlers, 0);
	}

	/**
	 * Creates the aspect, retrying calls the provider refused with a rate limit.
	 * @param limiter supplies the limiter that holds the budgets
	 * @param estimator supplies the estimator of the input tokens of text
	 * @param placeholders resolves {@code ${...}} in model ids and waits
	 * @param beanFactory resolves {@code @bean} references in expressions, may be
	 * {@code null}
	 * @param returnTypeHandlers handlers for return types other than plain values, tried
	 * in order before the plain one
	 * @param maxRetries most times a call refused by the provider's rate limit is run
	 * again; zero never retries
	 */
	public LlmRateLimitedAspect(Supplier<LlmRateLimiter> limiter, Supplier<TokenEstimator> estimator,
			PropertyResolver placeholders, BeanFactory beanFactory, List<ReturnTypeHandler> returnTypeHandlers,
			int maxRetries) {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
		}
		this.maxRetries = maxRetries;
		this.limiter = limiter;
		this.operations = new LlmRateLimitedOperationSource(placeholders);
		this.calls = new LlmCallResolver(new LlmRateLimitedExpressionEvaluator(beanFactory),
				new InputTokenCounter(estimator));
		this.returnTypeHandlers = new ArrayList<>(returnTypeHandlers);
		this.returnTypeHandlers.add(new PlainReturnTypeHandler());
	}

	/**
	 * Runs a rate-limited method inside its reservation.
	 * @param joinPoint the intercepted call
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Around("execution(* *(..)) && (@annotation(dev.llmratelimit.annotation.LlmRateLimited)"
			+ " || @within(dev.llmratelimit.annotation.LlmRateLimited))")
	public Object rateLimit(ProceedingJoinPoint joinPoint) throws Throwable {
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Object target = joinPoint.getTarget();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		LlmRateLimitedOperation operation = this.operations.operation(method, targetClass);
		LlmCall call = this.calls.resolve(operation, method, joinPoint.getArgs(), target);
		ReturnTypeHandler handler = handlerFor(method.getReturnType());
		Reservation reservation = reserve(call);
		for (int retries = 0;; retries++) {
			try {
				return attempt(joinPoint, call, reservation, handler);
			}
			catch (Throwable ex) {
				if (retries >= this.maxRetries || !reservation.isThrottled()) {
					throw ex;
				}
				reservation = reserveRetry(call, ex);
			}
		}
	}

	private Object attempt(ProceedingJoinPoint joinPoint, LlmCall call, Reservation reservation,
			ReturnTypeHandler handler) throws Throwable {
		RateLimitedInvocation invocation = new RateLimitedInvocation(joinPoint, reservation,
				(result) -> this.calls.usage(call, reservation, result));
		return handler.handle(invocation);
	}

	private Reservation reserveRetry(LlmCall call, Throwable refusal) throws Throwable {
		try {
			return reserve(call);
		}
		catch (LlmRateLimitExceededException ex) {
			refusal.addSuppressed(ex);
			throw refusal;
		}
	}

	private Reservation reserve(LlmCall call) {
		if (call.operation().maxWait() == null) {
			return this.limiter.get().reserve(call.model(), call.inputTokens(), call.maxTokens());
		}
		return this.limiter.get()
			.reserve(call.model(), call.inputTokens(), call.maxTokens(), call.operation().maxWait());
	}

	private ReturnTypeHandler handlerFor(Class<?> returnType) {
		for (ReturnTypeHandler handler : this.returnTypeHandlers) {
			if (handler.supports(returnType)) {
				return handler;
			}
		}
		throw new IllegalStateException("No ReturnTypeHandler supports " + returnType.getName());
	}

}
