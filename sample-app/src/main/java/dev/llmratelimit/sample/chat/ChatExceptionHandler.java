package dev.llmratelimit.sample.chat;

import java.time.Duration;

import dev.llmratelimit.LlmRateLimitExceededException;
import dev.llmratelimit.LlmRequestTooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Turns rate-limit failures of {@code /chat} into responses the app's own clients can act
 * on: 429 with {@code Retry-After} when waiting helps, 413 when it never will.
 */
@RestControllerAdvice(assignableTypes = ChatController.class)
public class ChatExceptionHandler {

	/**
	 * No budget freed up within the maximum wait.
	 * @param ex the limiter's exception
	 * @return 429 with {@code Retry-After} in whole seconds (rounded up, at least 1) and a
	 * problem body naming the model and meter
	 */
	@ExceptionHandler(LlmRateLimitExceededException.class)
	public ResponseEntity<ProblemDetail> rateLimitExceeded(LlmRateLimitExceededException ex) {
		long retryAfter = retryAfterSeconds(ex.retryAfter());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Rate limit exceeded");
		problem.setProperty("model", ex.model());
		problem.setProperty("meter", (ex.meter() != null) ? ex.meter().propertyName() : null);
		problem.setProperty("retryAfterSeconds", retryAfter);
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
			.body(problem);
	}

	/**
	 * The request costs more than the model's limits can ever give.
	 * @param ex the limiter's exception
	 * @return 413 with a problem body naming the model, meter, cost and limit
	 */
	@ExceptionHandler(LlmRequestTooLargeException.class)
	public ResponseEntity<ProblemDetail> requestTooLarge(LlmRequestTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Request too large for the model's rate limits");
		problem.setProperty("model", ex.model());
		problem.setProperty("meter", ex.meter().propertyName());
		problem.setProperty("cost", (long) Math.ceil(ex.cost()));
		problem.setProperty("limit", ex.limit());
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	/**
	 * The provider itself answered 429 (another client shares the key, or the limits are
	 * set higher than the account's).
	 * @param ex the provider's response
	 * @return 429 with the provider's {@code retry-after}, or 1 second when it sent none
	 */
	@ExceptionHandler(HttpClientErrorException.TooManyRequests.class)
	public ResponseEntity<ProblemDetail> providerRateLimited(HttpClientErrorException.TooManyRequests ex) {
		String retryAfter = (ex.getResponseHeaders() != null)
				? ex.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER) : null;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"The provider rejected the call: " + ex.getResponseBodyAsString());
		problem.setTitle("Provider rate limit");
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, (retryAfter != null) ? retryAfter : "1")
			.body(problem);
	}

	/**
	 * The provider answered with another error.
	 * @param ex the provider's response
	 * @return 502 with the provider's status and body
	 */
	@ExceptionHandler(RestClientResponseException.class)
	public ResponseEntity<ProblemDetail> providerFailed(RestClientResponseException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"The provider answered " + ex.getStatusCode().value() + ": " + ex.getResponseBodyAsString());
		problem.setTitle("Provider error");
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	static long retryAfterSeconds(Duration retryAfter) {
		long seconds = retryAfter.getSeconds() + ((retryAfter.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
