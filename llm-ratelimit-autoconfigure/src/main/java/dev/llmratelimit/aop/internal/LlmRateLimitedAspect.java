package dev.llmratelimit.aop.internal;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.annotation.LlmRateLimited;
import dev.llmratelimit.aop.internal.LlmCallResolver.ResolvedCall;
import dev.llmratelimit.core.internal.CallStatistics;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReturnTypeHandler;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.PropertyResolver;

/**
 * Guards {@link LlmRateLimited} methods: works out the call each invocation makes from the
 * annotation and the arguments, and runs it through the {@link LlmCallTemplate}, which
 * reserves the model's budget before the call (waiting up to the maximum wait) and settles
 * it with the call's usage or failure after; rate-limit data found in the result (Spring
 * AI's {@code RateLimit} metadata, for example) teaches the limiter. The template's
 * {@link ReturnTypeHandler}s decide when a call starts and ends for each return type. The
 * output of each completed call is reported to {@link CallStatistics} under the annotated
 * method's name ({@code ChatService.ask}), for the per call site max-tokens audit.
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

	private final Supplier<LlmCallTemplate> template;

	private final LlmRateLimitedOperationSource operations;

	private final LlmCallResolver calls;

	private final Supplier<CallStatistics> callStatistics;

	private final int maxRetries;

	/**
	 * Creates the aspect. The template, its helpers and the statistics are looked up on
	 * first use, so that creating the aspect early (as advisors are) does not create them
	 * and their dependencies before every bean post-processor is ready.
	 * @param template supplies the template that runs each call inside its reservation
	 * @param estimator supplies the estimator of the input tokens of text
	 * @param requestInspectors supplies what reads model, max tokens and input from the
	 * arguments when the annotation does not give them
	 * @param usageExtractors supplies what reads the usage and rate-limit data from the
	 * result when the annotation gives no usage expression
	 * @param placeholders resolves {@code ${...}} in model ids and waits
	 * @param beanFactory resolves {@code @bean} references in expressions, may be
	 * {@code null}
	 * @param callStatistics supplies the statistics that audit max tokens per call site;
	 * it may return {@code null} when there are none
	 * @param maxRetries most times a call refused by the provider's rate limit is run
	 * again; zero never retries
	 */
	public LlmRateLimitedAspect(Supplier<LlmCallTemplate> template, Supplier<TokenEstimator> estimator,
			Supplier<RequestInspectors> requestInspectors, Supplier<UsageExtractors> usageExtractors,
			PropertyResolver placeholders, BeanFactory beanFactory, Supplier<CallStatistics> callStatistics,
			int maxRetries) {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
		}
		this.template = template;
		this.maxRetries = maxRetries;
		this.callStatistics = callStatistics;
		this.operations = new LlmRateLimitedOperationSource(placeholders);
		this.calls = new LlmCallResolver(new LlmRateLimitedExpressionEvaluator(beanFactory),
				new InputTokenCounter(estimator), requestInspectors, usageExtractors);
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
		ResolvedCall call = this.calls.resolve(operation, method, joinPoint.getArgs(), target);
		return this.template.get()
			.guard(call.request())
			.readingResultsWith(this.calls.resultReader(call))
			.onCompletedWithUsage((reservation, usage) -> recordCallSite(call, reservation, usage))
			.retryingThrottledCalls(this.maxRetries)
			.invoke(method.getReturnType(), (model) -> model.equals(call.request().model()) ? joinPoint.proceed()
					: joinPoint.proceed(this.calls.argumentsFor(call, joinPoint.getArgs(), model)));
	}

	private void recordCallSite(ResolvedCall call, Reservation reservation, LlmUsage usage) {
		CallStatistics statistics = this.callStatistics.get();
		if (statistics != null) {
			statistics.recordCallSite(reservation.model(), call.operation().callSite(), reservation.maxTokens(),
					usage.outputTokens());
		}
	}

}
