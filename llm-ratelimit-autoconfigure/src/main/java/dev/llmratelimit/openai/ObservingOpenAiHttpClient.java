package dev.llmratelimit.openai;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.internal.RequestBodyModel.BodyWriter;
import dev.llmratelimit.http.internal.SdkResponseObserver;
import dev.llmratelimit.openai.internal.OpenAiSdkHeaders;

/**
 * Decorates the official OpenAI Java SDK's {@link HttpClient} so that every response it
 * receives (each retry included, 429s included) reaches
 * {@link LlmRateLimiter#observe(String, ProviderResponse)} with its status and headers. The
 * SDK has no interceptor hook; build the client from its options with the decorated HTTP
 * client:
 *
 * <pre>{@code
 * OpenAIClient client = new OpenAIClientImpl(ClientOptions.builder()
 *     .httpClient(new ObservingOpenAiHttpClient(OkHttpClient.builder().build(), limiter))
 *     .apiKey(apiKey)
 *     .build());
 * }</pre>
 *
 * The response reaches the model the request body names (its top-level {@code model}),
 * else the hint's: during a rate-limited call through its reservation, so that a request
 * for another model made inside the call (a tool call, an embedding) teaches that model
 * and never this one (see {@link ProviderResponseReporter}).
 * Responses of requests without a model are not observed. Observing never breaks the call.
 */
public final class ObservingOpenAiHttpClient implements HttpClient {

	private final HttpClient delegate;

	private final SdkResponseObserver observer;

	/**
	 * Decorates a client, taking the model from the request body.
	 * @param delegate the client that sends the requests
	 * @param limiter the limiter to report responses to
	 */
	public ObservingOpenAiHttpClient(HttpClient delegate, LlmRateLimiter limiter) {
		this(delegate, limiter, Optional::empty);
	}

	/**
	 * Decorates a client.
	 * @param delegate the client that sends the requests
	 * @param limiter the limiter to report responses to
	 * @param modelHint the model of the current call when known, consulted on the calling
	 * thread when the request body names none
	 */
	public ObservingOpenAiHttpClient(HttpClient delegate, LlmRateLimiter limiter, Supplier<Optional<String>> modelHint) {
		this.delegate = delegate;
		this.observer = new SdkResponseObserver(limiter, modelHint);
	}

	@Override
	public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
		return this.observer.execute(() -> bodyWriter(request), request::url,
				() -> this.delegate.execute(request, requestOptions), ObservingOpenAiHttpClient::responseOf);
	}

	@Override
	public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
		return this.observer.executeAsync(() -> bodyWriter(request), request::url,
				() -> this.delegate.executeAsync(request, requestOptions), ObservingOpenAiHttpClient::responseOf);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private static BodyWriter bodyWriter(HttpRequest request) {
		HttpRequestBody body = request.body();
		return (body != null && body.repeatable()) ? body::writeTo : null;
	}

	private static ProviderResponse responseOf(HttpResponse response) {
		return new ProviderResponse(response.statusCode(), OpenAiSdkHeaders.toMap(response.headers()), null);
	}

}
