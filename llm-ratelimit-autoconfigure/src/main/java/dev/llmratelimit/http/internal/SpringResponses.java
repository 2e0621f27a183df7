package dev.llmratelimit.http.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmratelimit.ProviderResponse;

import org.springframework.http.HttpHeaders;

/**
 * Shared steps of the Spring HTTP failure extractors: finding an exception type in a cause
 * chain and copying Spring's headers into a {@link ProviderResponse}.
 */
public final class SpringResponses {

	private static final int MAX_CAUSE_DEPTH = 16;

	private SpringResponses() {
	}

	/**
	 * The first exception of a type in a failure's cause chain (the failure included), since
	 * SDKs and frameworks often wrap the HTTP client's exception.
	 * @param <T> the exception type
	 * @param failure what the call threw, possibly {@code null}
	 * @param type the type to find
	 * @return the exception, or empty
	 */
	public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (type.isInstance(current)) {
				return Optional.of(type.cast(current));
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return Optional.empty();
	}

	/**
	 * Builds a provider response.
	 * @param status the HTTP status
	 * @param headers the headers, possibly {@code null}
	 * @param body the body, possibly {@code null} or empty
	 * @return the response
	 */
	public static ProviderResponse response(int status, HttpHeaders headers, String body) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((name, values) -> copy.put(name, values));
		}
		return new ProviderResponse(status, copy, (body != null && !body.isEmpty()) ? body : null);
	}

}
