package dev.llmratelimit.core;

import java.util.Optional;

import dev.llmratelimit.ProviderResponse;

/**
 * Finds the provider response inside an exception thrown by an HTTP client or SDK (status,
 * headers, body), so that a failed call teaches the budget like a successful one.
 */
@FunctionalInterface
public interface FailureResponses {

	/**
	 * Extracts the provider response carried by a failure.
	 * @param failure what the call threw
	 * @return the response, or empty when the failure carries none this extractor knows
	 */
	Optional<ProviderResponse> responseOf(Throwable failure);

}
