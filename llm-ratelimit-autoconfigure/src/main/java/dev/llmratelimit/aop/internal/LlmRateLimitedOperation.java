package dev.llmratelimit.aop.internal;

import java.time.Duration;
import java.util.List;

import dev.llmratelimit.Priority;

import org.springframework.context.expression.AnnotatedElementKey;

/**
 * The {@code @LlmRateLimited} attributes of one method, with placeholders and durations
 * already resolved.
 *
 * @param methodKey the method and target class, keying the expression cache
 * @param description the method as shown in error messages
 * @param callSite the method as named in the max-tokens audit: simple class name and
 * method name, such as {@code ChatService.ask}
 * @param model the model id, or {@code null} when {@code modelExpression} or the request
 * in the arguments gives it
 * @param modelExpression SpEL giving the model id, or {@code null}
 * @param maxTokens SpEL giving the max tokens, or {@code null} for the request's or the
 * model's default
 * @param inputTokens SpEL giving the input, or {@code null} to estimate from the arguments
 * @param usage SpEL over the result giving the usage, or {@code null} to extract it
 * @param maxWait the longest wait, or {@code null} for the limiter's default
 * @param fallbacks the models tried instead, or {@code null} for the model's configured
 * fallbacks
 * @param priority the rank of the call among waiting calls
 * @param key SpEL giving the key (tenant) whose share the call counts against, or
 * {@code null}
 * @param modelParameter index of the {@code String} parameter {@code modelExpression}
 * names, replaced by the model a routed call was reserved on; -1 when there is none
 */
record LlmRateLimitedOperation(AnnotatedElementKey methodKey, String description, String callSite, String model,
		String modelExpression, String maxTokens, String inputTokens, String usage, Duration maxWait,
		List<String> fallbacks, Priority priority, String key, int modelParameter) {
}
