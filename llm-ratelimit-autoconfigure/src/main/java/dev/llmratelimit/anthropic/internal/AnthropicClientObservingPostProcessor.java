package dev.llmratelimit.anthropic.internal;

import java.util.Optional;
import java.util.function.Supplier;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.http.Interceptor;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.anthropic.ObservingAnthropicHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes every {@link AnthropicClient} and {@link AnthropicClientAsync} bean report its
 * responses to the {@link LlmRateLimiter}, by adding an
 * {@link ObservingAnthropicHttpClient#interceptor(LlmRateLimiter) observing interceptor} to
 * a copy of the client made with the SDK's {@code withOptions}. Responses are observed under
 * the model of the enclosing rate-limited call when there is one (an alias configured for
 * the model, say), else under the model of the request body. Clients built by hand are
 * not affected: add the interceptor to their builder.
 */
public final class AnthropicClientObservingPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<LlmRateLimiter> limiter;

	private final Supplier<Optional<String>> modelHint;

	/**
	 * Creates a post-processor.
	 * @param limiter the limiter, looked up when the first client is processed
	 * @param modelHint the model of the rate-limited call running on the calling thread,
	 * when there is one
	 */
	public AnthropicClientObservingPostProcessor(ObjectProvider<LlmRateLimiter> limiter,
			Supplier<Optional<String>> modelHint) {
		this.limiter = limiter;
		this.modelHint = modelHint;
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
		Interceptor interceptor = ObservingAnthropicHttpClient.interceptor(rateLimiter, this.modelHint);
		if (bean instanceof AnthropicClient client) {
			return client.withOptions((options) -> options.addInterceptor(interceptor));
		}
		return ((AnthropicClientAsync) bean).withOptions((options) -> options.addInterceptor(interceptor));
	}

}
