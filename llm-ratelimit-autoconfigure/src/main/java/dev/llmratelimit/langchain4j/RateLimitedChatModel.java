package dev.llmratelimit.langchain4j;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.aop.CallSettlement;
import dev.llmratelimit.aop.ReservationContext;
import dev.llmratelimit.usage.LlmRequestInfo;
import dev.llmratelimit.usage.RequestInspectors;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * A LangChain4j {@link ChatModel} that keeps the model it decorates inside its rate
 * limits: each chat reserves budget for the request's model (or the model's default),
 * max output tokens and estimated input before it is sent, waiting up to
 * {@code llm.ratelimit.max-wait}, and settles with the response's token usage.
 * <p>
 * A decorator rather than a {@link ChatModelListener}: LangChain4j calls listeners on the
 * calling thread and could be made to wait there, but it swallows what they throw, so a
 * listener could not refuse a call that gets no budget in time. The convenience methods
 * ({@code chat(String)}, ...) go through {@link #chat(ChatRequest)} and are limited too.
 * Requests that name no model, with a delegate that has no default model, pass unlimited,
 * and so do calls made inside an {@code @LlmRateLimited} method, whose reservation already
 * covers them.
 */
public final class RateLimitedChatModel implements ChatModel {

	private final ChatModel delegate;

	private final Supplier<LlmRateLimiter> limiter;

	private final Supplier<TokenEstimator> estimator;

	private final Supplier<RequestInspectors> inspectors;

	private final Supplier<? extends UsageExtractor> responses;

	/**
	 * Decorates a chat model.
	 * @param delegate the model that sends the requests
	 * @param limiter supplies the limiter that holds the budgets
	 * @param estimator supplies the estimator of the input tokens
	 * @param inspectors supplies the inspectors that read the request
	 * @param responses supplies what reads the usage of a {@link ChatResponse}
	 */
	public RateLimitedChatModel(ChatModel delegate, Supplier<LlmRateLimiter> limiter,
			Supplier<TokenEstimator> estimator, Supplier<RequestInspectors> inspectors,
			Supplier<? extends UsageExtractor> responses) {
		this.delegate = delegate;
		this.limiter = limiter;
		this.estimator = estimator;
		this.inspectors = inspectors;
		this.responses = responses;
	}

	/**
	 * The decorated model.
	 * @return the model that sends the requests
	 */
	public ChatModel getDelegate() {
		return this.delegate;
	}

	@Override
	public ChatResponse chat(ChatRequest request) {
		return rateLimited(request, this.delegate::chat);
	}

	@Override
	public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
		return rateLimited(request, (limited) -> this.delegate.chat(limited, options));
	}

	@Override
	public ChatRequestParameters defaultRequestParameters() {
		return this.delegate.defaultRequestParameters();
	}

	@Override
	public List<ChatModelListener> listeners() {
		return this.delegate.listeners();
	}

	@Override
	public ModelProvider provider() {
		return this.delegate.provider();
	}

	@Override
	public Set<Capability> supportedCapabilities() {
		return this.delegate.supportedCapabilities();
	}

	private ChatResponse rateLimited(ChatRequest request, Function<ChatRequest, ChatResponse> call) {
		if (ReservationContext.current().isPresent()) {
			return call.apply(request);
		}
		LlmRequestInfo info = this.inspectors.get().inspect(request).orElse(defaults());
		String model = info.model();
		if (model == null || model.isBlank()) {
			return call.apply(request);
		}
		long inputTokens = (info.inputTokens() != null) ? info.inputTokens()
				: this.estimator.get().estimate(model, (info.inputText() != null) ? info.inputText() : "");
		long maxTokens = (info.maxTokens() != null) ? info.maxTokens() : 0;
		CallSettlement settlement = new CallSettlement(
				() -> this.limiter.get().reserve(model, inputTokens, maxTokens), this.responses.get());
		ChatResponse response;
		try (ReservationContext.Scope scope = ReservationContext.open(settlement.reserve())) {
			response = call.apply(request);
		}
		catch (RuntimeException | Error ex) {
			settlement.fail(ex);
			throw ex;
		}
		settlement.complete(response);
		return response;
	}

	private LlmRequestInfo defaults() {
		ChatRequestParameters parameters = this.delegate.defaultRequestParameters();
		if (parameters == null) {
			return LlmRequestInfo.EMPTY;
		}
		Integer maxTokens = parameters.maxOutputTokens();
		return new LlmRequestInfo(parameters.modelName(), (maxTokens != null) ? maxTokens.longValue() : null, null,
				null);
	}

}
