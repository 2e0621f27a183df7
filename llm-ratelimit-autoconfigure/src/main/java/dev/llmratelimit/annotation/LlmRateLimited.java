package dev.llmratelimit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every method of a type) that calls an LLM: each call reserves budget
 * for its model before it runs and reconciles with the usage it reports afterwards.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LlmRateLimited {

	/**
	 * Model id: a literal, a {@code ${placeholder}}, or SpEL over the arguments when it
	 * starts with {@code #}.
	 * @return the model expression
	 */
	String model() default "";

	/**
	 * SpEL over the arguments giving the call's max tokens; empty for the model's default
	 * max tokens.
	 * @return the max tokens expression
	 */
	String maxTokens() default "";

	/**
	 * SpEL over the arguments giving the input: a number is a token count, text is
	 * estimated; empty to estimate from the method's text arguments.
	 * @return the input tokens expression
	 */
	String inputTokens() default "";

	/**
	 * SpEL over {@code #result} giving the usage: an {@code LlmUsage} or a number of output
	 * tokens; empty to extract it from the result.
	 * @return the usage expression
	 */
	String usage() default "";

	/**
	 * Longest the call waits for budget, such as {@code 5s}; empty for
	 * {@code llm.ratelimit.max-wait}.
	 * @return the maximum wait
	 */
	String maxWait() default "";

}
