package dev.llmratelimit.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;

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
 * The model is taken from the hint when it has one (for example the reservation of the
 * enclosing rate-limited call), else from the {@code model} field of the request body.
 * Responses of requests without a model are not observed. Observing never breaks the call.
 */
public final class ObservingOpenAiHttpClient implements HttpClient {

	private static final Log logger = LogFactory.getLog(ObservingOpenAiHttpClient.class);

	private final HttpClient delegate;

	private final LlmRateLimiter limiter;

	private final Supplier<Optional<String>> modelHint;

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
	 * thread before the body
	 */
	public ObservingOpenAiHttpClient(HttpClient delegate, LlmRateLimiter limiter, Supplier<Optional<String>> modelHint) {
		this.delegate = delegate;
		this.limiter = limiter;
		this.modelHint = modelHint;
	}

	@Override
	public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
		Optional<String> model = modelOf(request);
		HttpResponse response = this.delegate.execute(request, requestOptions);
		model.ifPresent((id) -> observe(id, response));
		return response;
	}

	@Override
	public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
		Optional<String> model = modelOf(request);
		return this.delegate.executeAsync(request, requestOptions).thenApply((response) -> {
			model.ifPresent((id) -> observe(id, response));
			return response;
		});
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private Optional<String> modelOf(HttpRequest request) {
		try {
			Optional<String> hinted = this.modelHint.get();
			if (hinted.isPresent()) {
				return hinted;
			}
			HttpRequestBody body = request.body();
			return (body != null && body.repeatable()) ? RequestBodyModel.of(body::writeTo) : Optional.empty();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not find the model of " + request.url(), ex);
			return Optional.empty();
		}
	}

	private void observe(String model, HttpResponse response) {
		try {
			this.limiter.observe(model, new ProviderResponse(response.statusCode(), toMap(response.headers()), null));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not observe the response for model '" + model + "'", ex);
		}
	}

	static Map<String, List<String>> toMap(Headers headers) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (String name : headers.names()) {
			map.put(name, headers.values(name));
		}
		return map;
	}

}
