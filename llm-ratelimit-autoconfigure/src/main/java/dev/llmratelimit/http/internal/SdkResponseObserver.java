package dev.llmratelimit.http.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * hint's); once the response arrives it reports the response's status and headers to the
 * limiter through a {@link ProviderResponseReporter}. The two SDKs' HTTP types differ, so
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
	 * Starts observing a request, on the thread that sends it.
	 * @param body gives the request body's writer, or {@code null} when there is no body
	 * that can be written twice
	 * @param url gives the request's URL, for the debug log
	 * @return the exchange to report the response of
	 */
	public Exchange start(Supplier<BodyWriter> body, Supplier<?> url) {
		Reservation reservation = ReservationContext.current().orElse(null);
		return new Exchange(reservation, modelOf(body, url));
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

	/**
	 * One request on its way: reports its response once it arrives.
	 */
	public final class Exchange {

		private final Reservation reservation;

		private final Optional<String> model;

		private Exchange(Reservation reservation, Optional<String> model) {
			this.reservation = reservation;
			this.model = model;
		}

		/**
		 * Reports the response.
		 * @param status the HTTP status
		 * @param headers the response headers
		 */
		public void completed(int status, Map<String, List<String>> headers) {
			SdkResponseObserver.this.reporter.report(this.reservation, this.model,
					new ProviderResponse(status, headers, null), null);
		}

	}

}
