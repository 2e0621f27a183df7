package dev.llmratelimit.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;
import dev.llmratelimit.provider.internal.BodyModel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Reports a provider response seen by an HTTP client or SDK hook to the limiter, for the
 * model named by the request body, else by the response body (peeked at or, for errors,
 * read), and tells the rate-limited call in progress when its request leaves
 * ({@link #requestSent(Reservation, byte[])}). A response is reported:
 * <ul>
 * <li>during a rate-limited call, through its reservation
 * ({@link Reservation#observe(String, ProviderResponse)}): the call's own model learns it
 * as its call's response, another model (a tool call or an embedding inside the call)
 * learns it as its own;</li>
 * <li>otherwise to the named model;</li>
 * <li>when no body names a model, to the rate-limited call in progress, if any, else not
 * at all.</li>
 * </ul>
 * Reporting never breaks the HTTP call: a failure to report is logged at debug level.
 */
public final class ProviderResponseReporter {

	private static final Log logger = LogFactory.getLog(ProviderResponseReporter.class);

	private final Supplier<LlmRateLimiter> limiter;

	private final int maxModelScan;

	/**
	 * Creates a reporter.
	 * @param limiter supplies the limiter, looked up on first use
	 * @param maxModelScan most bytes of a response body, or of the first part of a request
	 * body written in parts, read for its {@code "model"} field
	 */
	public ProviderResponseReporter(Supplier<LlmRateLimiter> limiter, int maxModelScan) {
		if (maxModelScan <= 0) {
			throw new IllegalArgumentException("maxModelScan must be positive, was " + maxModelScan);
		}
		this.limiter = limiter;
		this.maxModelScan = maxModelScan;
	}

	/**
	 * Reports a response.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestBody the request body, or {@code null} when not at hand
	 * @param response the status, headers and (for errors) body
	 * @param responseBody the response body when read for its model, or {@code null}
	 */
	public void report(Reservation reservation, byte[] requestBody, ProviderResponse response, String responseBody) {
		report(reservation, requestModel(requestBody), response, responseBody);
	}

	/**
	 * Reports a response whose request's model is known.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestModel the model the request body names, or empty
	 * @param response the status, headers and (for errors) body
	 * @param responseBody the response body when read for its model, or {@code null}
	 */
	public void report(Reservation reservation, Optional<String> requestModel, ProviderResponse response,
			String responseBody) {
		try {
			Reservation active = (reservation != null && !reservation.isSettled()) ? reservation : null;
			Optional<String> model = requestModel.or(() -> BodyModel.of(head(responseBody)))
				.or(() -> BodyModel.of(head(response.body())));
			if (active != null) {
				if (model.isPresent()) {
					active.observe(model.get(), response);
				}
				else {
					active.observe(response);
				}
			}
			else if (model.isPresent()) {
				this.limiter.get().observe(model.get(), response);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Response with status " + response.status() + " names no model; not reported");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report a provider response to the rate limiter", ex);
		}
	}

	/**
	 * Reports that a request is leaving for the provider now, to the rate-limited call in
	 * progress ({@link Reservation#requestSent(String)}): a request for another model
	 * changes nothing. Call it just before the request is sent.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestBody the request body, or {@code null} when not at hand
	 */
	public void requestSent(Reservation reservation, byte[] requestBody) {
		if (reservation != null) {
			requestSent(reservation, requestModel(requestBody));
		}
	}

	/**
	 * Reports that a request is leaving for the provider now, when its body is written in
	 * parts (a reactive client) and the part written first is at hand: the model is read
	 * from at most {@code maxModelScan} bytes of that part, which is left as it was, see
	 * {@link #requestSent(Reservation, byte[])}.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param firstPart the part of the body written first, or {@code null} when the
	 * request has no body
	 * @return the model the part names, to report the response with; empty when it names
	 * none, and when there is no reservation (the part is then not read)
	 */
	public Optional<String> requestSent(Reservation reservation, DataBuffer firstPart) {
		if (reservation == null) {
			return Optional.empty();
		}
		Optional<String> model;
		try {
			model = (firstPart != null) ? BodyModel.of(head(firstPart)) : Optional.empty();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the model of a request body", ex);
			model = Optional.empty();
		}
		requestSent(reservation, model);
		return model;
	}

	/**
	 * Reports that a request whose model is known is leaving for the provider now, see
	 * {@link #requestSent(Reservation, byte[])}.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestModel the model the request body names, or empty when it names none
	 * (the request is then taken for the call's own)
	 */
	public void requestSent(Reservation reservation, Optional<String> requestModel) {
		if (reservation == null) {
			return;
		}
		try {
			if (requestModel.isPresent()) {
				reservation.requestSent(requestModel.get());
			}
			else {
				reservation.requestSent();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not report a request sent to the rate limiter", ex);
		}
	}

	/**
	 * Whether the model can only come from the response body: the request body names none.
	 * @param requestBody the request body, or {@code null} when not at hand
	 * @return {@code true} if the response body should be read for its model
	 */
	public boolean needsResponseModel(byte[] requestBody) {
		return requestModel(requestBody).isEmpty();
	}

	private String head(String body) {
		return (body != null && body.length() > this.maxModelScan) ? body.substring(0, this.maxModelScan) : body;
	}

	private String head(DataBuffer part) {
		return part.toString(part.readPosition(), Math.min(part.readableByteCount(), this.maxModelScan),
				StandardCharsets.UTF_8);
	}

	private static Optional<String> requestModel(byte[] requestBody) {
		return BodyModel.of(requestBody, (requestBody != null) ? requestBody.length : 0);
	}

}
