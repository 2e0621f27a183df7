package dev.llmratelimit.http;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.http.Interceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import dev.llmratelimit.LlmRateLimiter;

/**
 * Makes every {@link AnthropicClient} and {@link AnthropicClientAsync} bean report its
 * responses to the {@link LlmRateLimiter}, by adding an
 * {@link ObservingAnthropicHttpClient#interceptor(LlmRateLimiter) observing interceptor} to
 * a copy of the client made with the SDK's {@code withOptions}. Clients built by hand are
 * not affected: add the interceptor to their builder.
 */
public final class AnthropicClientObservingPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<LlmRateLimiter> limiter;

	/**
	 * Creates a post-processor.
	 * @param limiter the limiter, looked up when the first client is processed
	 */
	public AnthropicClientObservingPostProcessor(ObjectProvider<LlmRateLimiter> limiter) {
		this.limiter = limiter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof AnthropicClient) && !(bean instanceof AnthropicClientAsync)) {
			return bean;
		}
		LlmRateLimiter rateLimiter = this.limiter.getIfAvailable();
		if (rateLimiter == null) {
			return bean;
		}
		Interceptor interceptor = ObservingAnthropicHttpClient.interceptor(rateLimiter);
		if (bean instanceof AnthropicClient client) {
			return client.withOptions((options) -> options.addInterceptor(interceptor));
		}
		return ((AnthropicClientAsync) bean).withOptions((options) -> options.addInterceptor(interceptor));
	}

}
