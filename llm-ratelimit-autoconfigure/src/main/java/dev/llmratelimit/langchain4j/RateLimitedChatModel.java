package dev.llmratelimit.langchain4j;

import java.util.List;
import java.util.Optional;
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
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.usage.RequestInspector.LlmRequestInfo;

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

	private final Supplier<LlmCallTemplate> template;

	/**
	 * Decorates a chat model.
	 * @param delegate the model that sends the requests
	 * @param template supplies the template that runs each chat inside its reservation,
	 * and describes it from its request
	 */
	public RateLimitedChatModel(ChatModel delegate, Supplier<LlmCallTemplate> template) {
		this.delegate = delegate;
		this.template = template;
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
		LlmCallTemplate template = this.template.get();
		Optional<ReservationRequest> described = template.describe(request, defaults());
		if (described.isEmpty()) {
			return call.apply(request);
		}
		String asked = described.get().model();
		return template.call(described.get(), (model) -> call.apply(model.equals(asked) ? request
				: template.withModel(request, model)
					.orElseThrow(() -> new IllegalStateException("Cannot rebuild the request for model '" + model + "'"))));
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
