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
import dev.llmratelimit.Reservation;
import dev.llmratelimit.anthropic.internal.AnthropicSdkHeaders;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.internal.RequestBodyModel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(ObservingAnthropicHttpClient.class);

	private static final Method BODY_ACCESSOR = bodyAccessor();

	private final HttpClient delegate;

	private final Supplier<Optional<String>> modelHint;

	private final ProviderResponseReporter reporter;

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
		this.modelHint = modelHint;
		this.reporter = new ProviderResponseReporter(() -> limiter, Integer.MAX_VALUE);
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
		Reservation reservation = ReservationContext.current().orElse(null);
		Optional<String> model = modelOf(request);
		HttpResponse response = this.delegate.execute(request, requestOptions);
		observe(reservation, model, response);
		return response;
	}

	@Override
	public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
		Reservation reservation = ReservationContext.current().orElse(null);
		Optional<String> model = modelOf(request);
		return this.delegate.executeAsync(request, requestOptions).thenApply((response) -> {
			observe(reservation, model, response);
			return response;
		});
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private Optional<String> modelOf(HttpRequest request) {
		try {
			HttpRequestBody body = bodyOf(request);
			Optional<String> named = (body != null && body.repeatable()) ? RequestBodyModel.of(body::writeTo)
					: Optional.empty();
			return named.or(this.modelHint);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not find the model of " + request.url(), ex);
			return Optional.empty();
		}
	}

	private void observe(Reservation reservation, Optional<String> model, HttpResponse response) {
		this.reporter.report(reservation, model, new ProviderResponse(response.statusCode(), AnthropicSdkHeaders.toMap(response.headers()), null),
				null);
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
