package dev.llmratelimit.test.simulator;

import java.util.Map;

/**
 * A completed call: the usage to report and the response headers.
 *
 * @param requestId the request id
 * @param model the model id
 * @param inputTokens input tokens billed
 * @param outputTokens output tokens generated
 * @param headers the response headers, rate-limit headers included
 */
public record SimulatedReply(String requestId, String model, long inputTokens, long outputTokens,
		Map<String, String> headers) {

}
