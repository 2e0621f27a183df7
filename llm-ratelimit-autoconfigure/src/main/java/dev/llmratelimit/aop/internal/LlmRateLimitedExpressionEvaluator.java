package dev.llmratelimit.aop.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Evaluates the SpEL attributes of {@code @LlmRateLimited}. Each expression is parsed once
 * per method and cached; SpEL compiles it when it can.
 */
final class LlmRateLimitedExpressionEvaluator extends CachedExpressionEvaluator {

	private static final String RESULT_VARIABLE = "result";

	private final Map<ExpressionKey, Expression> cache = new ConcurrentHashMap<>(64);

	private final BeanFactory beanFactory;

	LlmRateLimitedExpressionEvaluator(BeanFactory beanFactory) {
		super(new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED, null)));
		this.beanFactory = beanFactory;
	}

	/**
	 * Creates the context for one call: arguments by name and position, beans by
	 * {@code @name}, and the target as root object.
	 */
	EvaluationContext createContext(Method method, Object[] args, Object target) {
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method, args,
				getParameterNameDiscoverer());
		if (this.beanFactory != null) {
			context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
		}
		return context;
	}

	/**
	 * Adds the method's result as {@code #result}.
	 */
	EvaluationContext withResult(EvaluationContext context, Object result) {
		context.setVariable(RESULT_VARIABLE, result);
		return context;
	}

	Object evaluate(String expression, AnnotatedElementKey methodKey, EvaluationContext context) {
		return getExpression(this.cache, methodKey, expression).getValue(context);
	}

}
