package dev.llmratelimit.springai;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.aop.CallSettlement;
import dev.llmratelimit.aop.ReactiveSettlements;
import dev.llmratelimit.aop.ReservationContext;
import dev.llmratelimit.usage.LlmRequestInfo;
import dev.llmratelimit.usage.RequestInspectors;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;

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
 *     .defaultAdvisors(new LlmRateLimitChatClientAdvisor(() -> limiter, () -> estimator,
 *             () -> inspectors, () -> extractors))
 *     .build();
 * }</pre>
 */
public final class LlmRateLimitChatClientAdvisor implements CallAdvisor, StreamAdvisor {

	/** Order of the advisor: after every other advisor, just before the model. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final Log logger = LogFactory.getLog(LlmRateLimitChatClientAdvisor.class);

	private final Supplier<LlmRateLimiter> limiter;

	private final Supplier<TokenEstimator> estimator;

	private final Supplier<RequestInspectors> inspectors;

	private final Supplier<? extends UsageExtractor> usageExtractors;

	/**
	 * Creates the advisor.
	 * @param limiter supplies the limiter that holds the budgets
	 * @param estimator supplies the estimator of the prompt's input tokens
	 * @param inspectors supplies the inspectors that read the prompt
	 * @param usageExtractors supplies what reads the usage and rate limits of a
	 * {@code ChatResponse}
	 */
	public LlmRateLimitChatClientAdvisor(Supplier<LlmRateLimiter> limiter, Supplier<TokenEstimator> estimator,
			Supplier<RequestInspectors> inspectors, Supplier<? extends UsageExtractor> usageExtractors) {
		this.limiter = limiter;
		this.estimator = estimator;
		this.inspectors = inspectors;
		this.usageExtractors = usageExtractors;
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
		Optional<Supplier<Reservation>> reserver = reserverFor(request);
		if (reserver.isEmpty()) {
			return chain.nextCall(request);
		}
		CallSettlement settlement = new CallSettlement(reserver.get(), responseReader());
		ChatClientResponse response;
		try (ReservationContext.Scope scope = ReservationContext.open(settlement.reserve())) {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			settlement.fail(ex);
			throw ex;
		}
		settlement.complete(response);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		Optional<Supplier<Reservation>> reserver = reserverFor(request);
		if (reserver.isEmpty()) {
			return chain.nextStream(request);
		}
		return ReactiveSettlements.flux(() -> new CallSettlement(reserver.get(), responseReader()),
				chain.nextStream(request));
	}

	private UsageExtractor responseReader() {
		return new ChatClientResponseReader(this.usageExtractors.get());
	}

	private Optional<Supplier<Reservation>> reserverFor(ChatClientRequest request) {
		if (ReservationContext.current().isPresent()) {
			logger.debug("The enclosing @LlmRateLimited call holds the budget; not reserving again");
			return Optional.empty();
		}
		LlmRequestInfo info = this.inspectors.get().inspect(request.prompt());
		String model = info.model();
		if (model == null || model.isBlank()) {
			logger.debug("Prompt names no model; the call is not rate limited");
			return Optional.empty();
		}
		long inputTokens = (info.inputTokens() != null) ? info.inputTokens()
				: this.estimator.get().estimate(model, (info.inputText() != null) ? info.inputText() : "");
		long maxTokens = (info.maxTokens() != null) ? info.maxTokens() : 0;
		return Optional.of(() -> this.limiter.get().reserve(model, inputTokens, maxTokens));
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
