package dev.llmratelimit.anthropic;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpRequestBody;
import com.anthropic.core.http.HttpResponse;
import com.anthropic.core.http.Interceptor;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.anthropic.internal.AnthropicSdkHeaders;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.internal.RequestBodyModel.BodyWriter;
import dev.llmratelimit.http.internal.SdkResponseObserver;

/**
 * Decorates the official Anthropic Java SDK's {@link HttpClient} so that every response it
 * receives (each retry included, 429s included) reaches
 * {@link LlmRateLimiter#observe(String, ProviderResponse)} with its status and headers.
 * Plug it in with the SDK's interceptor hook:
 *
 * <pre>{@code
 * AnthropicClient client = AnthropicOkHttpClient.builder()
 *     .fromEnv()
 *     .addInterceptor(ObservingAnthropicHttpClient.interceptor(limiter))
 *     .build();
 * }</pre>
 *
 * The response reaches the model the request body names (its top-level {@code model}),
 * else the hint's: during a rate-limited call through its reservation, so that a request
 * for another model made inside the call (a tool call, an embedding) teaches that model
 * and never this one (see {@link ProviderResponseReporter}).
 * Responses of requests without a model (model listings, for example) are not observed.
 * Observing never breaks the call. Works with anthropic-java 2.x and 3.x.
 */
public final class ObservingAnthropicHttpClient implements HttpClient {

	private static final Method BODY_ACCESSOR = bodyAccessor();

	private final HttpClient delegate;

	private final SdkResponseObserver observer;

	/**
	 * Decorates a client.
	 * @param delegate the client that sends the requests
	 * @param limiter the limiter to report responses to
	 * @param modelHint the model of the current call when known, consulted on the calling
	 * thread when the request body names none
	 */
	public ObservingAnthropicHttpClient(HttpClient delegate, LlmRateLimiter limiter,
			Supplier<Optional<String>> modelHint) {
		this.delegate = delegate;
		this.observer = new SdkResponseObserver(limiter, modelHint);
	}

	/**
	 * An SDK interceptor that decorates the SDK's client, taking the model from the request
	 * body.
	 * @param limiter the limiter to report responses to
	 * @return the interceptor
	 */
	public static Interceptor interceptor(LlmRateLimiter limiter) {
		return interceptor(limiter, Optional::empty);
	}

	/**
	 * An SDK interceptor that decorates the SDK's client.
	 * @param limiter the limiter to report responses to
	 * @param modelHint the model of the current call when known
	 * @return the interceptor
	 */
	public static Interceptor interceptor(LlmRateLimiter limiter, Supplier<Optional<String>> modelHint) {
		return (client) -> new ObservingAnthropicHttpClient(client, limiter, modelHint);
	}

	@Override
	public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
		return this.observer.execute(() -> bodyWriter(request), request::url,
				() -> this.delegate.execute(request, requestOptions), ObservingAnthropicHttpClient::responseOf);
	}

	@Override
	public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
		return this.observer.executeAsync(() -> bodyWriter(request), request::url,
				() -> this.delegate.executeAsync(request, requestOptions), ObservingAnthropicHttpClient::responseOf);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private static BodyWriter bodyWriter(HttpRequest request) {
		HttpRequestBody body = bodyOf(request);
		return (body != null && body.repeatable()) ? body::writeTo : null;
	}

	private static ProviderResponse responseOf(HttpResponse response) {
		return new ProviderResponse(response.statusCode(), AnthropicSdkHeaders.toMap(response.headers()), null);
	}

	/**
	 * The request body: {@code HttpRequest.body()} returns the body or {@code null} in
	 * anthropic-java 2.x and an {@code Optional} of it in 3.x, two signatures no single
	 * compiled call links against.
	 */
	private static HttpRequestBody bodyOf(HttpRequest request) {
		if (BODY_ACCESSOR == null) {
			return null;
		}
		try {
			Object body = BODY_ACCESSOR.invoke(request);
			if (body instanceof Optional<?> optional) {
				body = optional.orElse(null);
			}
			return (body instanceof HttpRequestBody requestBody) ? requestBody : null;
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

	private static Method bodyAccessor() {
		try {
			return HttpRequest.class.getMethod("body");
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}
