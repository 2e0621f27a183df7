package dev.llmratelimit.guard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.internal.CompletionStageReturnTypeHandler;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.internal.CharacterRatioTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;

/**
 * The guarded-call template: runs an LLM call inside a reservation of its model's budget.
 * It reserves (waiting up to the call's maximum wait), makes the reservation current on the
 * thread (see {@link ReservationContext}), runs the call on the model it was reserved on,
 * and settles the reservation exactly once with the usage read from the result, or with the
 * failure. {@link ReturnTypeHandler}s decide when a call starts and ends for each kind of
 * result: plain values, {@link CompletionStage}s, and Reactor's {@code Mono} and
 * {@code Flux} when Reactor is present. The {@code @LlmRateLimited} aspect, the Spring AI
 * advisor and the LangChain4j decorator all run their calls through it, and so can any
 * other code:
 *
 * <pre>{@code
 * Reply reply = template.call(ReservationRequest.builder("gpt-4.1-mini").inputTokens(800).maxTokens(512).build(),
 *         (model) -> client.ask(model, prompt));
 * }</pre>
 *
 * The starter defines one as a bean; without Spring, build one with
 * {@link #builder(LlmRateLimiter)}.
 */
public final class LlmCallTemplate {

	private final Supplier<LlmRateLimiter> limiter;

	private final Supplier<RequestInspectors> requestInspectors;

	private final Supplier<TokenEstimator> tokenEstimator;

	private final Supplier<? extends UsageExtractor> usageExtractor;

	private final List<ReturnTypeHandler> returnTypeHandlers;

	private final ReturnTypeHandler plainHandler = new PlainReturnTypeHandler();

	private LlmCallTemplate(Builder builder) {
		this.limiter = builder.limiter;
		this.requestInspectors = builder.requestInspectors;
		this.tokenEstimator = builder.tokenEstimator;
		this.usageExtractor = builder.usageExtractor;
		this.returnTypeHandlers = List.copyOf(builder.returnTypeHandlers);
	}

	/**
	 * Starts a template over a limiter: requests are understood by no inspector, input is
	 * estimated from characters, results are read for an {@code LlmUsage}, and plain values
	 * and {@link CompletionStage}s are handled.
	 * @param limiter the limiter that holds the budgets
	 * @return the builder
	 */
	public static Builder builder(LlmRateLimiter limiter) {
		Objects.requireNonNull(limiter, "limiter");
		return new Builder(() -> limiter);
	}

	/**
	 * Starts a template over a limiter looked up on first use, so that a template created
	 * early does not create the limiter before it is needed.
	 * @param limiter supplies the limiter that holds the budgets
	 * @return the builder
	 */
	public static Builder builder(Supplier<LlmRateLimiter> limiter) {
		return new Builder(Objects.requireNonNull(limiter, "limiter"));
	}

	/**
	 * Describes a call from its request, as the {@link RequestInspector}s read it: the model
	 * it names, its max tokens (or the model's default) and its input, estimated from its
	 * text when no count is given. Parts missing from one argument are taken from the next;
	 * an argument that is an {@link LlmRequestInfo} already is one.
	 * @param request the request, and what fills its gaps
	 * @return the call, or empty when no part names a model
	 */
	public Optional<ReservationRequest> describe(Object... request) {
		LlmRequestInfo info = this.requestInspectors.get().inspect(request);
		if (info.model() == null || info.model().isBlank()) {
			return Optional.empty();
		}
		String model = info.model().trim();
		long inputTokens = (info.inputTokens() != null) ? Math.max(0, info.inputTokens())
				: this.tokenEstimator.get().estimate(model, (info.inputText() != null) ? info.inputText() : "");
		long maxTokens = (info.maxTokens() != null) ? info.maxTokens() : 0;
		return Optional.of(ReservationRequest.builder(model).inputTokens(inputTokens).maxTokens(maxTokens).build());
	}

	/**
	 * Rebuilds a request the {@link RequestInspector}s understand (Spring AI's
	 * {@code Prompt}, the SDKs' {@code MessageCreateParams} and
	 * {@code ChatCompletionCreateParams}, LangChain4j's {@code ChatRequest}) so that it
	 * names another model: the one a routed call was reserved on.
	 * @param <T> the request type
	 * @param request the request
	 * @param model the model it should name
	 * @return the rebuilt request, or empty when no inspector can rebuild it
	 */
	@SuppressWarnings("unchecked")
	public <T> Optional<T> withModel(T request, String model) {
		return (Optional<T>) this.requestInspectors.get().withModel(request, model);
	}

	/**
	 * Prepares a call to run inside its reservation, for settings beyond the template's
	 * (another reader of its results, retries of refused calls).
	 * @param request what the call asks of the limiter
	 * @return the call, ready to run
	 */
	public GuardedCall guard(ReservationRequest request) {
		return new GuardedCall(this, Objects.requireNonNull(request, "request"), this.usageExtractor.get());
	}

	/**
	 * Reserves, runs a call that returns its result directly, and settles it.
	 * @param <T> the result type
	 * @param request what the call asks of the limiter
	 * @param body the call, given the model it was reserved on
	 * @return what the call returned
	 * @throws LlmRateLimitExceededException if budget cannot be had in time
	 */
	public <T> T call(ReservationRequest request, Function<String, ? extends T> body) {
		return guard(request).call(body);
	}

	/**
	 * Reserves, runs a call that returns a {@link CompletionStage}, and settles it when the
	 * stage completes.
	 * @param <T> the result type
	 * @param request what the call asks of the limiter
	 * @param body the call, given the model it was reserved on
	 * @return the call's own stage
	 * @throws LlmRateLimitExceededException if budget cannot be had in time
	 */
	public <T> CompletionStage<T> callAsync(ReservationRequest request,
			Function<String, ? extends CompletionStage<T>> body) {
		return guard(request).callAsync(body);
	}

	/**
	 * Decorates a supplier so that each of its calls runs inside its own reservation.
	 * @param <T> the result type
	 * @param request what each call asks of the limiter
	 * @param supplier the call
	 * @return the guarded supplier
	 */
	public <T> Supplier<T> decorateSupplier(ReservationRequest request, Supplier<? extends T> supplier) {
		Objects.requireNonNull(supplier, "supplier");
		return () -> call(request, (model) -> supplier.get());
	}

	/**
	 * What reads the usage and rate-limit data of results when a call sets no reader of its
	 * own.
	 * @return the template's reader
	 */
	public UsageExtractor usageExtractor() {
		return this.usageExtractor.get();
	}

	Reservation reserve(ReservationRequest request) {
		return this.limiter.get().reserve(request);
	}

	ReturnTypeHandler plainHandler() {
		return this.plainHandler;
	}

	ReturnTypeHandler handlerFor(Class<?> returnType) {
		for (ReturnTypeHandler handler : this.returnTypeHandlers) {
			if (handler.supports(returnType)) {
				return handler;
			}
		}
		return this.plainHandler;
	}

	/**
	 * Builds an {@link LlmCallTemplate}.
	 */
	public static final class Builder {

		private final Supplier<LlmRateLimiter> limiter;

		private Supplier<RequestInspectors> requestInspectors = () -> new RequestInspectors(List.of());

		private Supplier<TokenEstimator> tokenEstimator = CharacterRatioTokenEstimator::new;

		private Supplier<? extends UsageExtractor> usageExtractor = LlmUsageExtractor::new;

		private List<ReturnTypeHandler> returnTypeHandlers = List.of(new CompletionStageReturnTypeHandler());

		private Builder(Supplier<LlmRateLimiter> limiter) {
			this.limiter = limiter;
		}

		/**
		 * Sets what reads requests in {@link LlmCallTemplate#describe(Object...)}.
		 * @param requestInspectors supplies the inspectors, looked up on each use
		 * @return this builder
		 */
		public Builder requestInspectors(Supplier<RequestInspectors> requestInspectors) {
			this.requestInspectors = Objects.requireNonNull(requestInspectors, "requestInspectors");
			return this;
		}

		/**
		 * Sets the estimator of a request's input tokens.
		 * @param tokenEstimator supplies the estimator, looked up on each use
		 * @return this builder
		 */
		public Builder tokenEstimator(Supplier<TokenEstimator> tokenEstimator) {
			this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
			return this;
		}

		/**
		 * Sets what reads the usage and rate-limit data of results.
		 * @param usageExtractor supplies the reader, looked up on each use
		 * @return this builder
		 */
		public Builder usageExtractor(Supplier<? extends UsageExtractor> usageExtractor) {
			this.usageExtractor = Objects.requireNonNull(usageExtractor, "usageExtractor");
			return this;
		}

		/**
		 * Sets the handlers of results other than plain values, tried in order; calls that
		 * none supports are handled as plain values. Without this, {@link CompletionStage}s
		 * are handled.
		 * @param handlers the handlers
		 * @return this builder
		 */
		public Builder returnTypeHandlers(List<? extends ReturnTypeHandler> handlers) {
			this.returnTypeHandlers = List.copyOf(handlers);
			return this;
		}

		/**
		 * Builds the template.
		 * @return the template
		 */
		public LlmCallTemplate build() {
			return new LlmCallTemplate(this);
		}

	}

}
