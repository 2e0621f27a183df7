package dev.llmratelimit.langchain4j.internal;

import java.util.function.Function;

import dev.langchain4j.model.chat.ChatModel;
import dev.llmratelimit.langchain4j.RateLimitedChatModel;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Decorates every LangChain4j {@link ChatModel} bean with a {@link RateLimitedChatModel},
 * so that its calls stay inside the model's rate limits with no code. The decorated bean
 * is a {@code ChatModel}: inject it by that type, not by its provider's class.
 */
public final class RateLimitedChatModelPostProcessor implements BeanPostProcessor {

	private final Function<ChatModel, RateLimitedChatModel> decorator;

	/**
	 * Creates the post-processor.
	 * @param decorator decorates one model
	 */
	public RateLimitedChatModelPostProcessor(Function<ChatModel, RateLimitedChatModel> decorator) {
		this.decorator = decorator;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ChatModel model && !(bean instanceof RateLimitedChatModel)) {
			return this.decorator.apply(model);
		}
		return bean;
	}

}
