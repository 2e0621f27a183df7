package dev.llmratelimit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.llmratelimit.Priority;

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
 * <p>
 * Every attribute may be left out when the method takes a request type the limiter
 * understands (Spring AI's {@code Prompt}, the Anthropic SDK's {@code MessageCreateParams},
 * the OpenAI SDK's {@code ChatCompletionCreateParams}, LangChain4j's {@code ChatRequest}, or
 * one a {@code RequestInspector} bean reads) and returns a result whose usage a
 * {@code UsageExtractor} reads:
 *
 * <pre>{@code
 * @LlmRateLimited
 * public Message ask(MessageCreateParams params) { return client.messages().create(params); }
 * }</pre>
 *
 * Attributes that are given win over what the arguments tell.
 * <p>
 * A call may be routed to another model when its own cannot admit it in time, ranked
 * among the waiting calls, and counted against the share of a tenant:
 *
 * <pre>{@code
 * @LlmRateLimited(model = "#model", fallbacks = "claude-haiku-4-5", priority = Priority.HIGH, key = "#tenantId")
 * public Reply ask(String model, String tenantId, String prompt) { ... }
 * }</pre>
 *
 * When {@code model} refers to a {@code String} parameter, the method runs with that
 * argument replaced by the model the call was reserved on; a request the limiter
 * understands is passed on rebuilt with that model.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface LlmRateLimited {

	/**
	 * Model whose budget the call uses: a literal id, a {@code ${placeholder}}, or a SpEL
	 * expression over the arguments if it starts with {@code #}. Empty to take the model
	 * of the request found in the arguments.
	 * @return the model
	 */
	String model() default "";

	/**
	 * SpEL over the arguments giving the output tokens to reserve; empty for the max
	 * tokens of the request found in the arguments, else the model's
	 * {@code default-max-tokens}.
	 * @return the max tokens expression
	 */
	String maxTokens() default "";

	/**
	 * SpEL over the arguments giving the input: a number is a token count, text (or a
	 * collection of texts) is estimated. Empty to estimate the input of the request found
	 * in the arguments, or else of every text argument.
	 * @return the input tokens expression
	 */
	String inputTokens() default "";

	/**
	 * SpEL over {@code #result} giving what the call used: an
	 * {@link dev.llmratelimit.LlmUsage} or a number of output tokens. Empty to let the
	 * {@code UsageExtractor}s read the result (an {@code LlmUsage}, a result with a public
	 * {@code usage()} method returning one, or a library response type), and otherwise to
	 * keep the reservation as the call's cost. For {@code Flux} results it applies to each
	 * element (the usage usually arrives in the last one).
	 * @return the usage expression
	 */
	String usage() default "";

	/**
	 * Longest time to wait for budget, such as {@code 5s} or {@code 500ms}; {@code 0s}
	 * fails at once. Empty for {@code llm.ratelimit.max-wait}.
	 * @return the maximum wait
	 */
	String maxWait() default "";

	/**
	 * Models tried, in order, when the call's model cannot admit it within its
	 * {@code fallback-after}, is cooling down after a 429, or can never fit it; the call is
	 * reserved on the first that admits it sooner. Literal ids or {@code ${placeholders}}.
	 * Empty for the model's {@code fallbacks} property.
	 * @return the fallback model ids
	 */
	String[] fallbacks() default {};

	/**
	 * Rank of the call among those waiting for the same model.
	 * @return the priority
	 */
	Priority priority() default Priority.NORMAL;

	/**
	 * SpEL over the arguments giving the key (a tenant) whose share of the model's meters
	 * the call counts against, see the model's {@code max-share-per-key}. Empty for no key.
	 * @return the key expression
	 */
	String key() default "";

}
