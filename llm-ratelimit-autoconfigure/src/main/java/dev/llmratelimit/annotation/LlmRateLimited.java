package dev.llmratelimit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every public method of a type) as a call to an LLM that must stay
 * inside the model's rate limits: budget is reserved before the call, waiting if needed,
 * and reconciled with the call's real usage after it.
 *
 * <pre>{@code
 * @LlmRateLimited(model = "claude-sonnet-4-5", maxTokens = "#maxTokens", inputTokens = "#prompt")
 * public Reply ask(String prompt, int maxTokens) { ... }
 * }</pre>
 *
 * Expressions are SpEL evaluated against the method's arguments, available by name
 * ({@code #prompt}) or position ({@code #p0}).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface LlmRateLimited {

	/**
	 * Model whose budget the call uses: a literal id, a {@code ${placeholder}}, or a SpEL
	 * expression over the arguments if it starts with {@code #}.
	 * @return the model
	 */
	String model();

	/**
	 * SpEL over the arguments giving the output tokens to reserve; empty for the model's
	 * {@code default-max-tokens}.
	 * @return the max tokens expression
	 */
	String maxTokens() default "";

	/**
	 * SpEL over the arguments giving the input: a number is a token count, text (or a
	 * collection of texts) is estimated. Empty to estimate from every text argument.
	 * @return the input tokens expression
	 */
	String inputTokens() default "";

	/**
	 * SpEL over {@code #result} giving what the call used: an
	 * {@link dev.llmratelimit.LlmUsage} or a number of output tokens. Empty to take the
	 * usage from the result when it is an {@code LlmUsage} or has a public {@code usage()}
	 * method returning one, and otherwise to keep the reservation as the call's cost.
	 * @return the usage expression
	 */
	String usage() default "";

	/**
	 * Longest time to wait for budget, such as {@code 5s} or {@code 500ms}; {@code 0s}
	 * fails at once. Empty for {@code llm.ratelimit.max-wait}.
	 * @return the maximum wait
	 */
	String maxWait() default "";

}
