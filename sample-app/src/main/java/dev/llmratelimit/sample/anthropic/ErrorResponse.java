package dev.llmratelimit.sample.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of a failed {@code POST /v1/messages}, such as
 * {@code {"type":"error","error":{"type":"rate_limit_error","message":"..."},"request_id":"req_..."}}.
 *
 * @param type always {@code error}
 * @param error what went wrong
 * @param requestId the request id
 */
public record ErrorResponse(String type, Error error, @JsonProperty("request_id") String requestId) {

	/**
	 * An error response.
	 * @param errorType the error type, such as {@code rate_limit_error}
	 * @param message the message
	 * @param requestId the request id
	 * @return the response
	 */
	public static ErrorResponse of(String errorType, String message, String requestId) {
		return new ErrorResponse("error", new Error(errorType, message), requestId);
	}

	/**
	 * The error itself.
	 *
	 * @param type the error type, such as {@code rate_limit_error} or
	 * {@code invalid_request_error}
	 * @param message a human readable message
	 */
	public record Error(String type, String message) {

	}

}
