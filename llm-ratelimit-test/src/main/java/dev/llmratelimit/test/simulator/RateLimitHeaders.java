package dev.llmratelimit.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes one provider's rate-limit headers and refusal message.
 */
interface RateLimitHeaders {

	/**
	 * Name of the header that carries the request id.
	 * @return a lower-case header name
	 */
	String requestIdHeader();

	/**
	 * Adds the headers that report the meters.
	 * @param headers where to add them
	 * @param levels the enforced meters, in {@link SimulatedMeter} order
	 * @param now the wall-clock instant of the response
	 */
	void putMeterHeaders(Map<String, String> headers, List<MeterLevel> levels, Instant now);

	/**
	 * Adds the headers of a 429 that tell when to retry.
	 * @param headers where to add them
	 * @param retryAfter the exact time until the request would fit
	 */
	void putRetryHeaders(Map<String, String> headers, Duration retryAfter);

	/**
	 * The message of a 429, in the provider's words.
	 * @param refusal what refused the request
	 * @param model the model id
	 * @param retryAfterSeconds the {@code retry-after} value
	 * @return the message
	 */
	String refusalMessage(MeterRefusal refusal, String model, long retryAfterSeconds);

}
