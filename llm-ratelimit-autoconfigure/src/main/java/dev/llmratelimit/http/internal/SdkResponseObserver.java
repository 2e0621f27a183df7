package dev.llmratelimit.http.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.ProviderResponseReporter;
import dev.llmratelimit.http.internal.RequestBodyModel.BodyWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the Anthropic and OpenAI SDK hooks share. On the thread that sends a request it
 * notes the reservation in progress and the model the request body names (else the
 * hint's) and tells that reservation the request is leaving; once the response arrives it
 * reports the response's status and headers to the limiter through a
 * {@link ProviderResponseReporter}. The two SDKs' HTTP types differ, so
 * each hook hands over its request body's writer and its response's status and headers.
 */
public final class SdkResponseObserver {

	private static final Log logger = LogFactory.getLog(SdkResponseObserver.class);

	private final ProviderResponseReporter reporter;

	private final Supplier<Optional<String>> modelHint;

	/**
	 * Creates an observer.
	 * @param limiter the limiter to report responses to
	 * @param modelHint the model of the current call when known, consulted on the calling
	 * thread when the request body names none
	 */
	public SdkResponseObserver(LlmRateLimiter limiter, Supplier<Optional<String>> modelHint) {
		this.reporter = new ProviderResponseReporter(() -> limiter, Integer.MAX_VALUE);
		this.modelHint = modelHint;
	}

	/**
	 * Sends a request and reports its response.
	 * @param <R> the SDK's response type
	 * @param body gives the request body's writer, or {@code null} when there is no body
	 * that can be written twice
	 * @param url gives the request's URL, for the debug log
	 * @param send sends the request
	 * @param response reads the SDK's response: status and headers
	 * @return the SDK's response
	 */
	public <R> R execute(Supplier<BodyWriter> body, Supplier<?> url, Supplier<R> send,
			Function<R, ProviderResponse> response) {
		Exchange exchange = start(body, url);
		R result = send.get();
		exchange.completed(response.apply(result));
		return result;
	}

	/**
	 * Sends a request asynchronously and reports its response when it arrives.
	 * @param <R> the SDK's response type
	 * @param body gives the request body's writer, or {@code null} when there is no body
	 * that can be written twice
	 * @param url gives the request's URL, for the debug log
	 * @param send sends the request
	 * @param response reads the SDK's response: status and headers
	 * @return the SDK's response to come
	 */
	public <R> CompletableFuture<R> executeAsync(Supplier<BodyWriter> body, Supplier<?> url,
			Supplier<CompletableFuture<R>> send, Function<R, ProviderResponse> response) {
		Exchange exchange = start(body, url);
		return send.get().thenApply((result) -> {
			exchange.completed(response.apply(result));
			return result;
		});
	}

	/**
	 * Notes, on the thread that sends the request, what its response is reported with, and
	 * tells the call in progress that its request is leaving.
	 */
	private Exchange start(Supplier<BodyWriter> body, Supplier<?> url) {
		Reservation reservation = ReservationContext.current().orElse(null);
		Optional<String> model = modelOf(body, url);
		this.reporter.requestSent(reservation, model);
		return new Exchange(reservation, model);
	}

	private Optional<String> modelOf(Supplier<BodyWriter> body, Supplier<?> url) {
		try {
			BodyWriter writer = body.get();
			Optional<String> named = (writer != null) ? RequestBodyModel.of(writer) : Optional.empty();
			return named.or(this.modelHint);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not find the model of " + url.get(), ex);
			return Optional.empty();
		}
	}

	private final class Exchange {

		private final Reservation reservation;

		private final Optional<String> model;

		private Exchange(Reservation reservation, Optional<String> model) {
			this.reservation = reservation;
			this.model = model;
		}

		void completed(ProviderResponse response) {
			SdkResponseObserver.this.reporter.report(this.reservation, this.model, response, null);
		}

	}

}
