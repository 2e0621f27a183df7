package dev.llmratelimit.test.simulator;

import java.util.Map;

/**
 * Outcome of offering a request to the simulated provider: a {@link SimulatedCall} to
 * complete, or a {@link Rejection}.
 */
public sealed interface Admission permits SimulatedCall, Rejection {

	/**
	 * Id of the request, as in the {@code request-id} header.
	 * @return an id such as {@code req_sim0000000000000001}
	 */
	String requestId();

	/**
	 * Response headers: rate-limit headers, request id and, for a rejection,
	 * {@code retry-after}.
	 * @return header names (lower case) and values, in a stable order
	 */
	Map<String, String> headers();

}
