package dev.llmratelimit;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a provider answered, as far as rate limiting cares: the status, the headers and,
 * for errors, the body.
 *
 * @param status the HTTP status code
 * @param headers the response headers (looked up case-insensitively)
 * @param body the response body for error responses, or {@code null}
 */
public record ProviderResponse(int status, Map<String, List<String>> headers, String body) {

	/**
	 * Copies the headers into a case-insensitive, unmodifiable map.
	 */
	public ProviderResponse {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		if (headers != null) {
			headers.forEach((name, values) -> {
				if (name != null && values != null) {
					copy.merge(name, List.copyOf(values), (a, b) -> {
						List<String> merged = new java.util.ArrayList<>(a);
						merged.addAll(b);
						return List.copyOf(merged);
					});
				}
			});
		}
		headers = Collections.unmodifiableMap(copy);
	}

	/**
	 * A successful response with the given headers.
	 * @param headers the headers
	 * @return the response
	 */
	public static ProviderResponse ok(Map<String, List<String>> headers) {
		return new ProviderResponse(200, headers, null);
	}

	/**
	 * First value of a header.
	 * @param name the header name, in any case
	 * @return the trimmed value, or {@code null} if absent or blank
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		if (values == null || values.isEmpty() || values.get(0) == null) {
			return null;
		}
		String value = values.get(0).trim();
		return value.isEmpty() ? null : value;
	}

	/**
	 * Whether the provider refused the call with 429 Too Many Requests.
	 * @return {@code true} for status 429
	 */
	public boolean isTooManyRequests() {
		return this.status == 429;
	}

}
