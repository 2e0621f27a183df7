package dev.llmratelimit.springai;

import java.util.Optional;
import java.util.function.Supplier;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.ReservationRequest;
import dev.llmratelimit.guard.GuardedCall;
import dev.llmratelimit.guard.LlmCallTemplate;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.usage.UsageExtractor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.core.Ordered;

/**
 * Spring AI {@code ChatClient} advisor that keeps every model call inside the model's rate
 * limits: before the call it reserves budget for the prompt's model, max tokens and
 * estimated input (waiting up to {@code llm.ratelimit.max-wait}); after it, it settles with
 * the {@code ChatResponse}'s usage and feeds its {@code RateLimit} metadata to the limiter.
 * Streams settle with the usage of their chunks, when they complete, fail or are
 * cancelled. It runs last before the model, so that each call of a tool loop is reserved
 * on its own and the prompt it sees is final. Prompts without a model pass unlimited, and
 * so do calls made inside an {@code @LlmRateLimited} method, whose reservation already
 * covers them.
 *
 * <pre>{@code
 * ChatClient chatClient = ChatClient.builder(chatModel)
 *     .defaultAdvisors(new LlmRateLimitChatClientAdvisor(() -> llmCallTemplate))
 *     .build();
 * }</pre>
 */
public final class LlmRateLimitChatClientAdvisor implements CallAdvisor, StreamAdvisor {

	/** Order of the advisor: after every other advisor, just before the model. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final Log logger = LogFactory.getLog(LlmRateLimitChatClientAdvisor.class);

	private final Supplier<LlmCallTemplate> template;

	/**
	 * Creates the advisor.
	 * @param template supplies the template that runs each model call inside its
	 * reservation, and describes it from its prompt
	 */
	public LlmRateLimitChatClientAdvisor(Supplier<LlmCallTemplate> template) {
		this.template = template;
	}

	@Override
	public String getName() {
		return "llmRateLimit";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		Optional<GuardedCall> call = guard(request);
		if (call.isEmpty()) {
			return chain.nextCall(request);
		}
		return call.get().call((model) -> chain.nextCall(onModel(request, model)));
	}

	@Override
	@SuppressWarnings("unchecked")
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		Optional<GuardedCall> call = guard(request);
		if (call.isEmpty()) {
			return chain.nextStream(request);
		}
		return call.get().run(Flux.class, (model) -> chain.nextStream(onModel(request, model)));
	}

	/** The request with its prompt's options naming {@code model}, the model it was reserved on. */
	private ChatClientRequest onModel(ChatClientRequest request, String model) {
		Prompt prompt = request.prompt();
		if (prompt.getOptions() != null && model.equals(prompt.getOptions().getModel())) {
			return request;
		}
		Prompt routed = this.template.get()
			.withModel(prompt, model)
			.orElseThrow(() -> new IllegalStateException("Cannot rebuild the prompt for model '" + model + "'"));
		return request.mutate().prompt(routed).build();
	}

	private Optional<GuardedCall> guard(ChatClientRequest request) {
		if (ReservationContext.current().isPresent()) {
			logger.debug("The enclosing @LlmRateLimited call holds the budget; not reserving again");
			return Optional.empty();
		}
		LlmCallTemplate template = this.template.get();
		Optional<ReservationRequest> described = template.describe(request.prompt());
		if (described.isEmpty()) {
			logger.debug("Prompt names no model; the call is not rate limited");
			return Optional.empty();
		}
		return described.map((reservation) -> template.guard(reservation)
			.readingResultsWith(new ChatClientResponseReader(template.usageExtractor())));
	}

	/**
	 * Reads the {@code ChatResponse} inside a {@link ChatClientResponse}.
	 */
	private static final class ChatClientResponseReader implements UsageExtractor {

		private final UsageExtractor chatResponses;

		ChatClientResponseReader(UsageExtractor chatResponses) {
			this.chatResponses = chatResponses;
		}

		@Override
		public Optional<LlmUsage> usageOf(Object result) {
			return this.chatResponses.usageOf(chatResponseOf(result));
		}

		@Override
		public Optional<ProviderResponse> rateLimitsOf(Object result) {
			return this.chatResponses.rateLimitsOf(chatResponseOf(result));
		}

		private static Object chatResponseOf(Object result) {
			return (result instanceof ChatClientResponse response) ? response.chatResponse() : result;
		}

	}

}
