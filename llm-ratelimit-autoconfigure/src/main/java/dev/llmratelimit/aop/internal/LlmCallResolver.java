package dev.llmratelimit.aop.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;

import org.springframework.beans.BeanUtils;
import org.springframework.expression.EvaluationContext;

/**
 * Works out, for one call of an {@code @LlmRateLimited} method, the model, the input and
 * max tokens to reserve, and afterwards the usage to settle with. Annotation attributes
 * win; what they leave out is taken from the request the {@link RequestInspectors} find in
 * the arguments, and the usage from what the {@link UsageExtractors} find in the result.
 */
final class LlmCallResolver {

	private final LlmRateLimitedExpressionEvaluator evaluator;

	private final InputTokenCounter inputTokens;

	private final Supplier<RequestInspectors> requestInspectors;

	private final Supplier<UsageExtractors> usageExtractors;

	LlmCallResolver(LlmRateLimitedExpressionEvaluator evaluator, InputTokenCounter inputTokens,
			Supplier<RequestInspectors> requestInspectors, Supplier<UsageExtractors> usageExtractors) {
		this.evaluator = evaluator;
		this.inputTokens = inputTokens;
		this.requestInspectors = requestInspectors;
		this.usageExtractors = usageExtractors;
	}

	ResolvedCall resolve(LlmRateLimitedOperation operation, Method method, Object[] args, Object target) {
		EvaluationContext context = this.evaluator.createContext(method, args, target);
		LlmRequestInfo request = needsRequest(operation) ? this.requestInspectors.get().inspect(args)
				: LlmRequestInfo.EMPTY;
		String model = model(operation, request, context);
		int rewritable = (operation.modelParameter() >= 0) ? -1 : rewritableArgument(args, model);
		boolean routable = operation.modelParameter() >= 0 || rewritable >= 0;
		if (!routable && operation.fallbacks() != null) {
			throw new IllegalStateException("@LlmRateLimited on " + operation.description() + " has fallbacks but "
					+ "cannot be told the model a call was routed to: set model to a String parameter such as "
					+ "\"#model\", or take a request the limiter rebuilds (Prompt, MessageCreateParams, "
					+ "ChatCompletionCreateParams, ChatRequest)");
		}
		ReservationRequest.Builder reservation = ReservationRequest.builder(model)
			.inputTokens(inputTokens(operation, request, model, args, context))
			.maxTokens(maxTokens(operation, request, context))
			.maxWait(operation.maxWait())
			.priority(operation.priority())
			.key(key(operation, context));
		if (!routable) {
			// the method would call its own model whatever budget was reserved
			reservation.fallbacks(List.of());
		}
		else if (operation.fallbacks() != null) {
			reservation.fallbacks(operation.fallbacks());
		}
		return new ResolvedCall(operation, context, reservation.build(), rewritable);
	}

	/**
	 * The arguments to run a call with on {@code model}: the model parameter replaced by it,
	 * or the request rebuilt to name it.
	 * @param call the resolved call
	 * @param args the method's arguments
	 * @param model the model the call was reserved on
	 * @return a copy of the arguments for that model
	 */
	Object[] argumentsFor(ResolvedCall call, Object[] args, String model) {
		Object[] routed = args.clone();
		if (call.operation().modelParameter() >= 0) {
			routed[call.operation().modelParameter()] = model;
		}
		else if (call.rewritableArgument() >= 0) {
			int index = call.rewritableArgument();
			routed[index] = this.requestInspectors.get()
				.withModel(args[index], model)
				.orElseThrow(() -> new IllegalStateException("Cannot rebuild " + args[index].getClass().getName()
						+ " for model '" + model + "'"));
		}
		return routed;
	}

	/** Index of the first argument the request inspectors can rebuild for another model, or -1. */
	private int rewritableArgument(Object[] args, String model) {
		RequestInspectors inspectors = this.requestInspectors.get();
		for (int i = 0; i < args.length; i++) {
			if (args[i] != null && !BeanUtils.isSimpleValueType(args[i].getClass())
					&& inspectors.withModel(args[i], model).isPresent()) {
				return i;
			}
		}
		return -1;
	}

	private String key(LlmRateLimitedOperation operation, EvaluationContext context) {
		if (operation.key() == null) {
			return null;
		}
		Object key = this.evaluator.evaluate(operation.key(), operation.methodKey(), context);
		return (key != null) ? key.toString() : null;
	}

	private static boolean needsRequest(LlmRateLimitedOperation operation) {
		return (operation.model() == null && operation.modelExpression() == null) || operation.maxTokens() == null
				|| operation.inputTokens() == null;
	}

	private String model(LlmRateLimitedOperation operation, LlmRequestInfo request, EvaluationContext context) {
		if (operation.model() != null) {
			return operation.model();
		}
		if (operation.modelExpression() == null) {
			if (request.model() == null || request.model().isBlank()) {
				throw new IllegalStateException("@LlmRateLimited on " + operation.description()
						+ " has no model: set its model attribute or pass a request that names one");
			}
			return request.model().trim();
		}
		Object model = this.evaluator.evaluate(operation.modelExpression(), operation.methodKey(), context);
		if (model == null || model.toString().isBlank()) {
			throw new IllegalStateException("@LlmRateLimited on " + operation.description() + ": model expression '"
					+ operation.modelExpression() + "' gave " + ((model == null) ? "null" : "a blank id"));
		}
		return model.toString().trim();
	}

	private long inputTokens(LlmRateLimitedOperation operation, LlmRequestInfo request, String model, Object[] args,
			EvaluationContext context) {
		if (operation.inputTokens() != null) {
			Object value = this.evaluator.evaluate(operation.inputTokens(), operation.methodKey(), context);
			if (value instanceof Number number) {
				return TokenNumbers.toTokens(number,
						"@LlmRateLimited on " + operation.description() + ": inputTokens '" + operation.inputTokens() + "'");
			}
			return this.inputTokens.count(model, value);
		}
		if (request.inputTokens() != null) {
			return Math.max(0, request.inputTokens());
		}
		if (request.inputText() != null) {
			return this.inputTokens.count(model, request.inputText());
		}
		return this.inputTokens.estimateArguments(model, args);
	}

	private long maxTokens(LlmRateLimitedOperation operation, LlmRequestInfo request, EvaluationContext context) {
		if (operation.maxTokens() == null) {
			return (request.maxTokens() != null) ? request.maxTokens() : 0;
		}
		Object value = this.evaluator.evaluate(operation.maxTokens(), operation.methodKey(), context);
		if (value == null) {
			return 0;
		}
		if (!(value instanceof Number number)) {
			throw new IllegalStateException("@LlmRateLimited on " + operation.description() + ": maxTokens '"
					+ operation.maxTokens() + "' gave " + value.getClass().getName() + ", not a number");
		}
		return TokenNumbers.toTokens(number,
				"@LlmRateLimited on " + operation.description() + ": maxTokens '" + operation.maxTokens() + "'");
	}

	/**
	 * What the results of a call tell: its usage (from the {@code usage} expression or the
	 * extractors) and the provider's rate-limit data (from the extractors).
	 */
	UsageExtractor resultReader(ResolvedCall call) {
		UsageExtractors extractors = this.usageExtractors.get();
		LlmRateLimitedOperation operation = call.operation();
		return new UsageExtractor() {

			@Override
			public Optional<LlmUsage> usageOf(Object result) {
				return (operation.usage() != null) ? evaluateUsage(call, result)
						: extractors.usageOf(result);
			}

			@Override
			public Optional<ProviderResponse> rateLimitsOf(Object result) {
				return extractors.rateLimitsOf(result);
			}

		};
	}

	private Optional<LlmUsage> evaluateUsage(ResolvedCall call, Object result) {
		LlmRateLimitedOperation operation = call.operation();
		EvaluationContext context = this.evaluator.withResult(call.context(), result);
		Object usage = this.evaluator.evaluate(operation.usage(), operation.methodKey(), context);
		if (usage instanceof LlmUsage llmUsage) {
			return Optional.of(llmUsage);
		}
		if (usage instanceof Number outputTokens) {
			return Optional.of(LlmUsage.of(call.request().inputTokens(), TokenNumbers.toTokens(outputTokens,
					"@LlmRateLimited on " + operation.description() + ": usage '" + operation.usage() + "'")));
		}
		return Optional.empty();
	}

	/**
	 * One call of an annotated method, resolved.
	 *
	 * @param operation the method's annotation attributes
	 * @param context the evaluation context of this call
	 * @param request what the call asks of the limiter
	 * @param rewritableArgument index of the request argument rebuilt for a routed call, -1
	 * when there is none (or the model parameter is replaced instead)
	 */
	record ResolvedCall(LlmRateLimitedOperation operation, EvaluationContext context, ReservationRequest request,
			int rewritableArgument) {
	}

}
