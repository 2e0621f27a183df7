package dev.llmratelimit.aop;

import java.lang.reflect.Method;
import java.util.Optional;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.Reservation;

import org.springframework.expression.EvaluationContext;

/**
 * Works out, for one call of an {@code @LlmRateLimited} method, the model, the input and
 * max tokens to reserve, and afterwards the usage to settle with.
 */
final class LlmCallResolver {

	private final LlmRateLimitedExpressionEvaluator evaluator;

	private final InputTokenCounter inputTokens;

	private final ResultUsageExtractor usageExtractor = new ResultUsageExtractor();

	LlmCallResolver(LlmRateLimitedExpressionEvaluator evaluator, InputTokenCounter inputTokens) {
		this.evaluator = evaluator;
		this.inputTokens = inputTokens;
	}

	LlmCall resolve(LlmRateLimitedOperation operation, Method method, Object[] args, Object target) {
		EvaluationContext context = this.evaluator.createContext(method, args, target);
		String model = model(operation, context);
		return new LlmCall(operation, context, model, inputTokens(operation, model, args, context),
				maxTokens(operation, context));
	}

	private String model(LlmRateLimitedOperation operation, EvaluationContext context) {
		if (operation.model() != null) {
			return operation.model();
		}
		Object model = this.evaluator.evaluate(operation.modelExpression(), operation.methodKey(), context);
		if (model == null || model.toString().isBlank()) {
			throw new IllegalStateException("@LlmRateLimited on " + operation.description() + ": model expression '"
					+ operation.modelExpression() + "' gave " + ((model == null) ? "null" : "a blank id"));
		}
		return model.toString().trim();
	}

	private long inputTokens(LlmRateLimitedOperation operation, String model, Object[] args,
			EvaluationContext context) {
		if (operation.inputTokens() == null) {
			return this.inputTokens.estimateArguments(model, args);
		}
		return this.inputTokens.count(model,
				this.evaluator.evaluate(operation.inputTokens(), operation.methodKey(), context));
	}

	private long maxTokens(LlmRateLimitedOperation operation, EvaluationContext context) {
		if (operation.maxTokens() == null) {
			return 0;
		}
		Object value = this.evaluator.evaluate(operation.maxTokens(), operation.methodKey(), context);
		if (value == null) {
			return 0;
		}
		if (!(value instanceof Number number)) {
			throw new IllegalStateException("@LlmRateLimited on " + operation.description() + ": maxTokens '"
					+ operation.maxTokens() + "' gave " + value.getClass().getName() + ", not a number");
		}
		return number.longValue();
	}

	/**
	 * The usage of a finished call, from the {@code usage} expression or the result itself.
	 */
	Optional<LlmUsage> usage(LlmCall call, Reservation reservation, Object result) {
		LlmRateLimitedOperation operation = call.operation();
		if (operation.usage() == null) {
			return this.usageExtractor.extract(result);
		}
		EvaluationContext context = this.evaluator.withResult(call.context(), result);
		Object usage = this.evaluator.evaluate(operation.usage(), operation.methodKey(), context);
		if (usage instanceof LlmUsage llmUsage) {
			return Optional.of(llmUsage);
		}
		if (usage instanceof Number outputTokens) {
			return Optional.of(LlmUsage.of(reservation.inputTokens(), outputTokens.longValue()));
		}
		return Optional.empty();
	}

	/**
	 * One call, resolved.
	 *
	 * @param operation the method's annotation attributes
	 * @param context the evaluation context of this call
	 * @param model the model id
	 * @param inputTokens the input tokens to reserve
	 * @param maxTokens the output tokens to reserve, zero for the model's default
	 */
	record LlmCall(LlmRateLimitedOperation operation, EvaluationContext context, String model, long inputTokens,
			long maxTokens) {
	}

}
