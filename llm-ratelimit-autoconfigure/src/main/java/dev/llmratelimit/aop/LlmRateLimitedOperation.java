package dev.llmratelimit.aop;

import java.time.Duration;

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
 */
record LlmRateLimitedOperation(AnnotatedElementKey methodKey, String description, String callSite, String model,
		String modelExpression, String maxTokens, String inputTokens, String usage, Duration maxWait) {
}
