package dev.llmratelimit.http;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.llmratelimit.LlmRateLimiter;
import dev.llmratelimit.ProviderResponse;
import dev.llmratelimit.Reservation;

/**
 * Reports a provider response seen by an HTTP client hook to the limiter: through the
 * reservation of the rate-limited call in progress when there is one, otherwise to the
 * model named in the request or response body, otherwise not at all. Reporting never
 * breaks the HTTP call: a failure to report is logged at debug level.
 */
public final class ProviderResponseReporter {

	private static final Log logger = LogFactory.getLog(ProviderResponseReporter.class);

	private final Supplier<LlmRateLimiter> limiter;

	private final ModelFieldReader models;

	/**
	 * Creates a reporter.
	 * @param limiter supplies the limiter, looked up on first use
	 * @param maxModelScan most characters of a body scanned for its {@code "model"} field
	 */
	public ProviderResponseReporter(Supplier<LlmRateLimiter> limiter, int maxModelScan) {
		if (maxModelScan <= 0) {
			throw new IllegalArgumentException("maxModelScan must be positive, was " + maxModelScan);
		}
		this.limiter = limiter;
		this.models = new ModelFieldReader(maxModelScan);
	}

	/**
	 * Reports a response.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestBody the request body, or {@code null} when not at hand
	 * @param response the status, headers and (for errors) body
	 * @param responseBody the response body when read for its model, or {@code null}
	 */
	public void report(Reservation reservation, byte[] requestBody, ProviderResponse response, String responseBody) {
		try {
			if (reservation != null && !reservation.isSettled()) {
				reservation.observe(response);
				return;
			}
			Optional<String> model = this.models.modelOf(requestBody)
				.or(() -> this.models.modelOf(responseBody))
				.or(() -> this.models.modelOf(response.body()));
			if (model.isPresent()) {
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
	 * Whether the model can only come from the response body: no reservation is in
	 * progress and the request body names no model.
	 * @param reservation the reservation of the call in progress, or {@code null}
	 * @param requestBody the request body, or {@code null} when not at hand
	 * @return {@code true} if the response body should be read for its model
	 */
	public boolean needsResponseModel(Reservation reservation, byte[] requestBody) {
		return (reservation == null || reservation.isSettled()) && this.models.modelOf(requestBody).isEmpty();
	}

}
